"""The Thai help of every command and option, keyed by its English text (gettext's model).

The English stays beside the code it describes (docstrings, `help=`), where a developer changes
it; a translator finds all the Thai here, in one place. A changed English text has no Thai until
it is translated again, and `tests/test_language.py` fails until then, so neither language lags.
Keys are the English with its whitespace folded (one space between words).
"""

from __future__ import annotations

HELP_TH: dict[str, str] = {
    # lhrctl
    "Administer the ก.พ.7 records of Thailand's local administrative organisations (LHR).":
        "บริหารข้อมูลทะเบียนประวัติ (ก.พ.7) ขององค์กรปกครองส่วนท้องถิ่น (LHR)",
    "Database URL (default: SQLite lhr.db in the user data directory).":
        "ที่อยู่ฐานข้อมูล (ค่าเริ่มต้น: SQLite lhr.db ในโฟลเดอร์ข้อมูลของผู้ใช้)",
    "Machine-readable JSON on stdout, nothing else there.":
        "ผลเป็น JSON ให้โปรแกรมอ่านทาง stdout (ไม่มีข้อความอื่นปน)",
    "Only data and errors.": "แสดงเฉพาะข้อมูลและข้อผิดพลาด",
    "Language of messages: th or en (default: LHR_LANG, else LANG).":
        "ภาษาของข้อความ: th หรือ en (ค่าเริ่มต้น: ตาม LHR_LANG หรือ LANG)",
    "Smart-card reader to use.": "เครื่องอ่านบัตรที่จะใช้",
    "URL of the national lhrctl server; every command then goes through it.":
        "ที่อยู่เครื่องแม่ข่าย lhrctl ระดับประเทศ ทุกคำสั่งจะทำงานผ่านเครื่องนั้น",
    "Show the version.": "แสดงรุ่นของโปรแกรม",
    "Show this message and exit.": "แสดงวิธีใช้นี้แล้วจบ",
    # init, passwd, whoami
    "Create or upgrade the database schema, seal the audit log (making its key file on first use); "
    "on an empty database, enrol the first DLA admin. Prompts (one line each from stdin when it is "
    "not a terminal): new password, repeat.":
        "สร้างหรือปรับรุ่นโครงสร้างฐานข้อมูล ผนึกบันทึกการใช้งาน (สร้างไฟล์กุญแจในครั้งแรก) "
        "และในฐานข้อมูลว่าง ลงทะเบียนผู้ดูแลระบบ สถ. คนแรก "
        "ถามรหัสผ่านใหม่และยืนยัน (รับทีละบรรทัดทาง stdin เมื่อไม่ใช่เทอร์มินัล)",
    "PostgreSQL: the role lhrctl will work as; it may append to the audit log but never change, "
    "delete or truncate it (run init as the owner role).":
        "PostgreSQL: บทบาทที่ lhrctl ใช้ทำงาน เพิ่มบันทึกการใช้งานได้ แต่แก้ ลบ หรือล้างไม่ได้ "
        "(สั่ง init ด้วยบทบาทเจ้าของ)",
    "Set your password: the first time with your card and enrolment code, later to change it. "
    "Prompts (one line each from stdin when it is not a terminal): first time — enrolment code, new "
    "password, repeat; later — current password, new password, repeat.":
        "ตั้งรหัสผ่าน: ครั้งแรกด้วยบัตรและรหัสลงทะเบียน ครั้งต่อไปเพื่อเปลี่ยนรหัสผ่าน "
        "ถาม (ทีละบรรทัดทาง stdin เมื่อไม่ใช่เทอร์มินัล): ครั้งแรก — รหัสลงทะเบียน รหัสผ่านใหม่ "
        "ยืนยัน; ครั้งต่อไป — รหัสผ่านปัจจุบัน รหัสผ่านใหม่ ยืนยัน",
    "Tap a card: whose it is, and the role and scope of their account.":
        "เสียบบัตร: แสดงว่าเป็นบัตรของใคร มีบทบาทและขอบเขตสิทธิ์ใด",
    # validate, rules, inspect
    "Check a staff file (no database, no sign-in), or the stored records of an LAO, a province or "
    "the whole country (read-only, no card: for nightly scripts); exit 1 on findings.":
        "ตรวจไฟล์ข้อมูลบุคลากร (ไม่ใช้ฐานข้อมูล ไม่ต้องเข้าระบบ) หรือข้อมูลที่บันทึกแล้วของ อปท. "
        "จังหวัด หรือทั้งประเทศ (อ่านอย่างเดียว ไม่ใช้บัตร: สำหรับสคริปต์ประจำคืน) "
        "จบด้วยรหัส 1 เมื่อพบข้อผิดพลาด",
    "A staff workbook (.xlsx, .xls) or CSV to check.": "ไฟล์ข้อมูลบุคลากร (.xlsx, .xls) หรือ CSV ที่จะตรวจ",
    "The file's LAO; without FILE: check its records.":
        "อปท. ของไฟล์ (ถ้าไม่ระบุไฟล์: ตรวจข้อมูลที่บันทึกของ อปท. นี้)",
    "Without FILE: check a province's records.": "ถ้าไม่ระบุไฟล์: ตรวจข้อมูลของจังหวัดนี้",
    "Without FILE: check every stored record (nightly).": "ถ้าไม่ระบุไฟล์: ตรวจข้อมูลทั้งหมด (ประจำคืน)",
    "Only this sheet.": "เฉพาะแผ่นงานนี้",
    "TOML file giving the meaning of unknown column headers.":
        "ไฟล์ TOML บอกความหมายของหัวคอลัมน์ที่โปรแกรมไม่รู้จัก",
    "Personnel type of the rows whose file gives none (e.g. contract_general or "
    "พนักงานจ้างทั่วไป).":
        "ประเภทบุคลากรของแถวที่ไฟล์ไม่ได้ระบุ (เช่น พนักงานจ้างทั่วไป)",
    "Refuse a sheet wider than this (a stray cell).":
        "ไม่อ่านแผ่นงานที่กว้างกว่านี้ (มีเซลล์หลงอยู่ไกล)",
    "Refuse a sheet of more cells (rows x columns).":
        "ไม่อ่านแผ่นงานที่มีเซลล์มากกว่านี้ (แถว x คอลัมน์)",
    "table, json, csv or xlsx (a marked-up copy of FILE).":
        "table, json, csv หรือ xlsx (สำเนาไฟล์ที่ทำเครื่องหมายจุดผิด)",
    "Write the report here.": "เขียนรายงานลงไฟล์นี้",
    "Exit 1 on findings of this level or worse: error or warning.":
        "จบด้วยรหัส 1 เมื่อพบผลการตรวจระดับนี้ขึ้นไป: error (ข้อผิดพลาด) หรือ warning (คำเตือน)",
    "Report at most this many findings.": "รายงานผลการตรวจไม่เกินจำนวนนี้",
    "List the validation rules: stable codes, levels, what each checks.":
        "แสดงกฎการตรวจข้อมูล: รหัสกฎ ระดับ และสิ่งที่แต่ละกฎตรวจ",
    "Show how lhrctl reads staff files: each sheet's header, the field each column became and why, "
    "sample values, the LAO and personnel type found, rows that are no person's, the encoding. No "
    "database, no sign-in.":
        "แสดงว่า lhrctl อ่านไฟล์ข้อมูลบุคลากรอย่างไร: หัวตารางของแต่ละแผ่นงาน คอลัมน์ใดเป็นข้อมูลใดและเพราะอะไร "
        "ตัวอย่างค่า อปท. และประเภทบุคลากรที่พบ แถวที่ไม่ใช่ข้อมูลบุคคล และรหัสอักขระ "
        "ไม่ใช้ฐานข้อมูล ไม่ต้องเข้าระบบ",
    "Staff workbooks (.xlsx, .xls) or CSV files, or folders.":
        "ไฟล์ข้อมูลบุคลากร (.xlsx, .xls) หรือ CSV หรือโฟลเดอร์",
    "7-digit LAO code of the files.": "รหัส อปท. 7 หลักของไฟล์",
    "Write the header meanings used to this TOML file, to correct and pass back with --mapping.":
        "เขียนความหมายของหัวคอลัมน์ที่ใช้ลงไฟล์ TOML นี้ เพื่อแก้ไขแล้วส่งกลับด้วย --mapping",
    # serve
    "Serve the lhrctl API: it holds the database and the audit key, signs officers in and checks "
    "every request. Workstations use it with `--server URL` (or LHR_SERVER).":
        "ให้บริการ API ของ lhrctl: ถือฐานข้อมูลและกุญแจบันทึกการใช้งาน ตรวจการเข้าระบบและทุกคำขอ "
        "เครื่องลูกข่ายใช้งานด้วย `--server URL` (หรือ LHR_SERVER)",
    "The server's TOML file (database, key, TLS, …).":
        "ไฟล์ TOML ของเครื่องแม่ข่าย (ฐานข้อมูล กุญแจ TLS …)",
    "First bring the schema up to date and seal the audit log, as the owner role.":
        "ปรับโครงสร้างฐานข้อมูลให้เป็นปัจจุบันและผนึกบันทึกการใช้งานก่อน ด้วยบทบาทเจ้าของ",
    # import
    "Import the LAO registry and staff records.": "นำเข้าทะเบียน อปท. และข้อมูลบุคลากร",
    "Load DLA's registry of LAOs. Renamed, upgraded or merged LAOs get new effective dates; none is "
    "deleted. Importing the same registry twice changes nothing. Needs a DLA admin.":
        "นำเข้าทะเบียน อปท. ของ สถ. อปท. ที่เปลี่ยนชื่อ ยกฐานะ หรือควบรวม ได้วันที่มีผลใหม่ "
        "ไม่มีการลบ นำเข้าทะเบียนเดิมซ้ำไม่เปลี่ยนแปลงอะไร ต้องเป็นผู้ดูแลระบบ สถ.",
    "A newer registry CSV as DLA publishes it (default: the bundled copy).":
        "ไฟล์ CSV ทะเบียน อปท. ฉบับใหม่ที่ สถ. เผยแพร่ (ค่าเริ่มต้น: ฉบับที่มากับโปรแกรม)",
    "Date the registry is valid from, BE or CE (default: today).":
        "วันที่ทะเบียนมีผล พ.ศ. หรือ ค.ศ. (ค่าเริ่มต้น: วันนี้)",
    "Import staff records (upserted by national ID). A file with errors writes nothing unless "
    "--skip-invalid; re-importing a file changes nothing; one transaction per file. A large file "
    "(4 MB or more) asks for the card and password first, then is imported as it is read.":
        "นำเข้าข้อมูลบุคลากร (เพิ่มหรือปรับตามเลขประจำตัวประชาชน) ไฟล์ที่มีข้อผิดพลาดจะไม่ถูกบันทึก "
        "เว้นแต่ใช้ --skip-invalid นำเข้าไฟล์เดิมซ้ำไม่เปลี่ยนแปลงอะไร บันทึกทีละไฟล์ "
        "ไฟล์ขนาดใหญ่ (4 MB ขึ้นไป) จะขอบัตรและรหัสผ่านก่อน แล้วบันทึกไปพร้อมกับการอ่าน",
    "Check and count, write nothing.": "ตรวจและนับเท่านั้น ไม่บันทึก",
    "Import the valid rows of a file with errors.": "นำเข้าเฉพาะแถวที่ถูกต้องของไฟล์ที่มีข้อผิดพลาด",
    # import history
    "Import the sections of each person's record of service (ก.พ.7): positions and salaries, "
    "education, training, decorations, leave, discipline, name changes. A person's rows in a "
    "section replace their stored ones; the people must already be on staff. A file with errors "
    "writes nothing unless --skip-invalid; re-importing a file changes nothing.":
        "นำเข้าหมวดต่าง ๆ ของทะเบียนประวัติ (ก.พ.7) ของแต่ละคน: ตำแหน่งและอัตราเงินเดือน "
        "ประวัติการศึกษา การฝึกอบรม เครื่องราชอิสริยาภรณ์ วันลา โทษทางวินัย การเปลี่ยนชื่อ "
        "ข้อมูลของบุคคลในหมวดหนึ่งจะแทนที่ข้อมูลเดิมของหมวดนั้น บุคคลต้องอยู่ในบัญชีบุคลากรแล้ว "
        "ไฟล์ที่มีข้อผิดพลาดจะไม่ถูกบันทึกเลย เว้นแต่ใช้ --skip-invalid นำเข้าไฟล์เดิมซ้ำไม่เปลี่ยนแปลงอะไร",
    "ก.พ.7 workbooks: one sheet per section of the record of service.":
        "ไฟล์ทะเบียนประวัติ ก.พ.7: หนึ่งชีตต่อหนึ่งหมวด",
    "LAO code: the people must be on its staff (default: each where they are).":
        "รหัส อปท.: บุคคลต้องอยู่ในบัญชีบุคลากรของ อปท. นี้ (ค่าเริ่มต้น: อปท. ที่แต่ละคนสังกัดอยู่)",
    "Import the people of a file whose rows have no error.":
        "นำเข้าเฉพาะบุคคลที่ไม่มีข้อผิดพลาดในไฟล์",
    "Show at most this many findings.": "แสดงผลการตรวจไม่เกินจำนวนนี้",
    "Write a marked-up copy of each file with its findings (.xlsx).":
        "เขียนสำเนาของแต่ละไฟล์ที่ทำเครื่องหมายจุดผิดพร้อมผลการตรวจ (.xlsx)",
    # org
    "LAOs of the DLA registry.": "อปท. ในทะเบียนของ สถ.",
    "List LAOs, optionally of one province and one type.":
        "แสดงรายชื่อ อปท. เลือกเฉพาะจังหวัดและประเภทได้",
    "2-digit province code, e.g. 54.": "รหัสจังหวัด 2 หลัก เช่น 54",
    "sao, subdistrict_municipality, … or อบต., เทศบาลตำบล, …": "อบต., เทศบาลตำบล, … (หรือ sao, …)",
    "Include LAOs that left the registry.": "รวม อปท. ที่ออกจากทะเบียนแล้ว",
    "Show one LAO and the history of its registry entry.": "แสดง อปท. หนึ่งแห่งและประวัติในทะเบียน",
    "7-digit LAO code.": "รหัส อปท. 7 หลัก",
    # user
    "Operator accounts.": "บัญชีผู้ใช้งาน",
    "Register a DLA administrator or a province officer (DLA admin) and print their one-time "
    "enrolment code. An LAO's accounts come only from `lhrctl registrar set`, from its staff. The "
    "new user runs `lhrctl passwd` with their own card and this code to set a password.":
        "ลงทะเบียนผู้ดูแลระบบ สถ. หรือเจ้าหน้าที่ สถจ. (โดยผู้ดูแลระบบ สถ.) และพิมพ์รหัสลงทะเบียนใช้ครั้งเดียว "
        "บัญชีของ อปท. มาจาก `lhrctl registrar set` เท่านั้น (จากบุคลากรของ อปท.) "
        "ผู้ใช้ใหม่สั่ง `lhrctl passwd` ด้วยบัตรของตนและรหัสนี้เพื่อตั้งรหัสผ่าน",
    "The new user's national ID.": "เลขประจำตัวประชาชนของผู้ใช้ใหม่",
    "dla_admin or province_officer (LAO accounts: `registrar set`).":
        "dla_admin (ผู้ดูแลระบบ สถ.) หรือ province_officer (เจ้าหน้าที่ สถจ.) "
        "(บัญชีของ อปท.: `registrar set`)",
    "The province code of a province_officer.": "รหัสจังหวัดของเจ้าหน้าที่ สถจ.",
    "List operator accounts (a province officer sees the LAO accounts of their province).":
        "แสดงบัญชีผู้ใช้งาน (เจ้าหน้าที่ สถจ. เห็นบัญชีของ อปท. ในจังหวัดของตน)",
    "Disable an account: its card and password no longer sign in.":
        "ระงับบัญชี: บัตรและรหัสผ่านเข้าระบบไม่ได้อีก",
    "National ID of the account holder.": "เลขประจำตัวประชาชนของเจ้าของบัญชี",
    "Do not ask for confirmation.": "ไม่ต้องถามยืนยัน",
    "Lift a password lock-out; --reenrol after a lost password or a new card. A disabled account "
    "stays disabled (see `user enable`).":
        "ปลดล็อกบัญชีที่ถูกล็อกเพราะใส่รหัสผ่านผิด ใช้ --reenrol เมื่อลืมรหัสผ่านหรือเปลี่ยนบัตร "
        "บัญชีที่ถูกระงับยังคงถูกระงับ (ดู `user enable`)",
    "Also clear the password and card binding; print a new code.":
        "ล้างรหัสผ่านและการผูกบัตรด้วย แล้วพิมพ์รหัสลงทะเบียนใหม่",
    "Re-activate a disabled account (DLA admin), with a new enrolment: the old password and card "
    "no longer work; prints the new one-time code.":
        "เปิดใช้บัญชีที่ถูกระงับอีกครั้ง (ผู้ดูแลระบบ สถ.) พร้อมลงทะเบียนใหม่: "
        "รหัสผ่านและบัตรเดิมใช้ไม่ได้ พิมพ์รหัสลงทะเบียนใช้ครั้งเดียวใหม่",
    # staff
    "Staff records.": "ข้อมูลบุคลากร",
    "Export staff records with the canonical field names; IDs in full (needs sign-in).":
        "ส่งออกข้อมูลบุคลากรด้วยชื่อช่องมาตรฐาน เลขประจำตัวประชาชนเต็ม (ต้องเข้าระบบ)",
    "Only this LAO.": "เฉพาะ อปท. นี้",
    "Only this province.": "เฉพาะจังหวัดนี้",
    "json, csv or xlsx (xlsx: with -o).": "json, csv หรือ xlsx (xlsx: ใช้คู่กับ -o)",
    "Write here, not stdout.": "เขียนลงไฟล์นี้แทน stdout",
    "List staff records (IDs masked; needs sign-in: it is personal data).":
        "แสดงรายชื่อบุคลากร (ปิดบางหลักของเลขประจำตัว ต้องเข้าระบบ: เป็นข้อมูลส่วนบุคคล)",
    "One person's record and its history (needs sign-in: it is personal data).":
        "ข้อมูลและประวัติของบุคคลหนึ่งคน (ต้องเข้าระบบ: เป็นข้อมูลส่วนบุคคล)",
    "The person's national ID.": "เลขประจำตัวประชาชนของบุคคล",
    "Print the person's ก.พ.7 form (record of service) to a PDF on A4: every section, the "
    "retirement date and the owner's signature line. Needs sign-in; the print is audited.":
        "พิมพ์แบบ ก.พ.7 (ทะเบียนประวัติ) ของบุคคลเป็นไฟล์ PDF ขนาด A4: ทุกหมวด วันครบเกษียณอายุ "
        "และช่องลงชื่อเจ้าของประวัติ ต้องเข้าสู่ระบบ และการพิมพ์ถูกบันทึกไว้",
    "The PDF to write.": "ไฟล์ PDF ที่จะเขียน",
    # plan
    "The three-year manpower plan of an LAO.": "แผนอัตรากำลัง 3 ปีของ อปท.",
    "Also write the check as a workbook (.xlsx).": "บันทึกผลการตรวจเป็นไฟล์ (.xlsx) ด้วย",
    "Write the LAO's plan (its latest version) in the template's layout: `plan import` reads it "
    "back as it is.":
        "บันทึกแผนของ อปท. (ฉบับล่าสุด) ในรูปแบบเดียวกับแบบฟอร์ม `plan import` อ่านกลับได้ตามเดิม",
    "Each LAO's manpower plan of the cycle: its state and each year's personnel cost as a share "
    "of its budget, the LAOs above 40 % first.":
        "แผนอัตรากำลังของแต่ละ อปท. ในรอบ: สถานะ และค่าใช้จ่ายด้านบุคคลของแต่ละปีเป็นร้อยละของงบประมาณ "
        "อปท. ที่เกินร้อยละ 40 อยู่ก่อน",
    "Send the LAO's draft plan to the province (the LAO's registrar or officer); refused while "
    "`plan check` finds errors.":
        "เสนอร่างแผนของ อปท. ต่อจังหวัด (นายทะเบียนหรือเจ้าหน้าที่ของ อปท.) "
        "ทำไม่ได้หาก `plan check` ยังพบข้อผิดพลาด",
    "Approve the submitted plan (a province officer of its province, or a DLA admin); an "
    "approved version is read-only.":
        "อนุมัติแผนที่เสนอมา (เจ้าหน้าที่ สถจ. ของจังหวัดนั้น หรือผู้ดูแลระบบ สถ.) "
        "แผนฉบับที่อนุมัติแล้วแก้ไขไม่ได้",
    "Send the submitted plan back to the LAO with the reason (a province officer of its "
    "province, or a DLA admin).":
        "ส่งคืนแผนที่เสนอมาให้ อปท. พร้อมเหตุผล (เจ้าหน้าที่ สถจ. ของจังหวัดนั้น หรือผู้ดูแลระบบ สถ.)",
    "What the LAO is to change.": "สิ่งที่ อปท. ต้องแก้ไข",
    "LAO code of the plan.": "รหัส อปท. ของแผน",
    "Three fiscal years, BE, e.g. 2570-2572 (default: the current).":
        "ปีงบประมาณ พ.ศ. สามปี เช่น 2570-2572 (ค่าเริ่มต้น: รอบปัจจุบัน)",
    "Three fiscal years, BE, e.g. 2570-2572.": "ปีงบประมาณ พ.ศ. สามปี เช่น 2570-2572",
    "Write the plan workbook an office fills: a sheet of lines (a position a row, its current "
    "framework and the posts wanted in each year) and a sheet of each year's budget.":
        "สร้างไฟล์แผนอัตรากำลังให้หน่วยงานกรอก: ชีตรายการตำแหน่ง (แถวละหนึ่งตำแหน่ง "
        "กรอบอัตรากำลังเดิมและจำนวนที่ต้องการในแต่ละปี) และชีตงบประมาณรายจ่ายของแต่ละปี",
    "The plan workbook.": "ไฟล์แผนอัตรากำลัง",
    "Why the approved plan changes: starts a new version.":
        "เหตุผลที่แก้ไขแผนที่อนุมัติแล้ว: เริ่มแผนฉบับใหม่",
    "Import the LAO's plan for a cycle as its draft: all or nothing. An approved version stays "
    "as it is; --amendment REASON starts the next version.":
        "นำเข้าแผนอัตรากำลังของ อปท. สำหรับรอบหนึ่งเป็นร่าง: นำเข้าทั้งหมดหรือไม่นำเข้าเลย "
        "แผนฉบับที่อนุมัติแล้วแก้ไขไม่ได้ ใช้ --amendment เหตุผล เพื่อเริ่มฉบับถัดไป",
    "The LAO's plan: its latest version, its lines and each year's budget.":
        "แผนอัตรากำลังของ อปท.: ฉบับล่าสุด รายการตำแหน่ง และงบประมาณของแต่ละปี",
    "Yearly salary raise assumed, in percent (default 6).":
        "อัตราการเพิ่มเงินเดือนต่อปีที่ใช้คำนวณ เป็นร้อยละ (ค่าเริ่มต้น 6)",
    "Check the plan against the LAO's people: vacant posts, people outside the plan or beyond "
    "its posts, retirements within the cycle, and each year's personnel cost against 40 % of "
    "the budget (exit 1 on errors).":
        "ตรวจแผนกับบุคลากรของ อปท.: อัตราว่าง บุคคลที่อยู่นอกแผนหรือเกินกรอบ ผู้เกษียณภายในรอบ "
        "และค่าใช้จ่ายด้านบุคคลของแต่ละปีเทียบกับร้อยละ 40 ของงบประมาณ (จบด้วยรหัส 1 เมื่อมีข้อผิดพลาด)",
    "With the record of service: JSON, a list under each section's name; xlsx, a sheet per "
    "section.": "พร้อมทะเบียนประวัติ: JSON มีรายการใต้ชื่อแต่ละหมวด xlsx มีหนึ่งชีตต่อหนึ่งหมวด",
    "The ก.พ.7 workbook instead: a sheet per section of the record.":
        "สร้างไฟล์ทะเบียนประวัติ ก.พ.7 แทน: หนึ่งชีตต่อหนึ่งหมวด",
    "Language of the form: th or en (default: the messages').":
        "ภาษาของแบบ: th หรือ en (ค่าเริ่มต้น: ตามภาษาของข้อความ)",
    "Write an empty staff workbook: canonical Thai headers, drop-down lists, date formats.":
        "เขียนแบบฟอร์มข้อมูลบุคลากรเปล่า: หัวคอลัมน์ภาษาไทยมาตรฐาน รายการให้เลือก และรูปแบบวันที่",
    "The workbook to write (.xlsx).": "ไฟล์ที่จะเขียน (.xlsx)",
    # audit
    "The audit log of privileged actions.": "บันทึกการใช้งานสิทธิ์",
    "Show audit rows (DLA admin): when, who, what, on what, and the outcome.":
        "แสดงบันทึกการใช้งาน (ผู้ดูแลระบบ สถ.): เมื่อใด ใคร ทำอะไร กับอะไร และผลเป็นอย่างไร",
    "Only rows from this date (BE or CE).": "เฉพาะตั้งแต่วันที่นี้ (พ.ศ. หรือ ค.ศ.)",
    "Only rows of this national ID.": "เฉพาะของเลขประจำตัวประชาชนนี้",
    "Only rows of this action, e.g. user_add.": "เฉพาะการกระทำนี้ เช่น user_add",
    "At most this many (the newest).": "ไม่เกินจำนวนนี้ (ล่าสุดก่อน)",
    "Check every MAC, the sequence and the anchor file: exit 1 naming each tampering found (a "
    "changed row, deleted rows, a rewritten chain, a log cut short or emptied, a head that does not "
    "match the anchor). Read-only; needs the audit key, no card (for nightly scripts).":
        "ตรวจรหัส MAC ทุกแถว ลำดับ และไฟล์หลักยึด: จบด้วยรหัส 1 พร้อมระบุการแก้ไขที่พบ "
        "(แถวถูกแก้ แถวถูกลบ สายโซ่ถูกเขียนใหม่ บันทึกถูกตัดหรือล้าง หัวสายไม่ตรงกับหลักยึด) "
        "อ่านอย่างเดียว ใช้กุญแจบันทึกการใช้งาน ไม่ใช้บัตร (สำหรับสคริปต์ประจำคืน)",
    # card
    "Smart-card reader diagnostics.": "ตรวจเครื่องอ่านบัตร",
    "List the readers pcscd sees, and the ATR of any card in them.":
        "แสดงเครื่องอ่านบัตรที่ pcscd พบ และ ATR ของบัตรที่เสียบอยู่",
    "Read the Thai ID card in the reader and show its fields (the national ID masked).":
        "อ่านบัตรประจำตัวประชาชนในเครื่องอ่านและแสดงข้อมูล (ปิดบางหลักของเลขประจำตัว)",
    "Save the card's photo (JPEG).": "บันทึกรูปถ่ายจากบัตร (JPEG)",
    "Show the national ID unmasked.": "แสดงเลขประจำตัวประชาชนเต็ม",
    # round
    "Certification rounds.": "รอบการรับรองข้อมูล",
    "Open a certification round (DLA admin). One round is open at a time.":
        "เปิดรอบการรับรองข้อมูล (ผู้ดูแลระบบ สถ.) เปิดได้ครั้งละหนึ่งรอบ",
    "Name of the round, e.g. 'phase 1'.": "ชื่อรอบ เช่น 'ระยะที่ 1'",
    "Last day for LAOs to certify (BE or CE).": "วันสุดท้ายที่ อปท. รับรองข้อมูล (พ.ศ. หรือ ค.ศ.)",
    "Last day for provinces to certify (BE or CE).": "วันสุดท้ายที่จังหวัดรับรองข้อมูล (พ.ศ. หรือ ค.ศ.)",
    "The rounds, oldest first.": "รอบการรับรองทั้งหมด เก่าก่อน",
    "Close the open round (DLA admin). Certified LAOs stay certified in it; nothing is locked once "
    "it is closed.":
        "ปิดรอบที่เปิดอยู่ (ผู้ดูแลระบบ สถ.) อปท. ที่รับรองแล้วยังคงรับรองในรอบนั้น "
        "เมื่อปิดรอบแล้วไม่มีข้อมูลใดถูกล็อก",
    # certify
    "Certify an LAO's data (LAO level, then province level), send it back, check it.":
        "รับรองข้อมูลของ อปท. (ระดับ อปท. แล้วระดับจังหวัด) ส่งคืนแก้ไข และตรวจสอบ",
    "lao (the LAO's registrar) or province.": "lao (นายทะเบียนประวัติ อปท.) หรือ province (จังหวัด)",
    "7-digit LAO code (repeat it at province level).": "รหัส อปท. 7 หลัก (ระดับจังหวัดระบุซ้ำได้หลายแห่ง)",
    "Province level: every LAO of the province that is ready.":
        "ระดับจังหวัด: ทุก อปท. ในจังหวัดที่พร้อมรับรอง",
    "With --all-ready, for a DLA admin.": "ใช้คู่กับ --all-ready สำหรับผู้ดูแลระบบ สถ.",
    "LAO level: certify although warnings remain.": "ระดับ อปท.: รับรองแม้ยังมีคำเตือน",
    "Province level: records to spot-check.": "ระดับจังหวัด: จำนวนรายการที่สุ่มตรวจ",
    "Province level: make the sample reproducible.": "ระดับจังหวัด: ทำให้สุ่มได้ผลเดิมซ้ำได้",
    "Send an LAO's certified data back for correction (province officer or DLA admin). This "
    "unlocks the LAO.":
        "ส่งข้อมูลที่รับรองแล้วของ อปท. คืนเพื่อแก้ไข (เจ้าหน้าที่ สถจ. หรือผู้ดูแลระบบ สถ.) "
        "ปลดล็อกข้อมูลของ อปท.",
    "Why the data go back.": "เหตุผลที่ส่งคืน",
    "Where an LAO stands in the round: state, counts, history.":
        "สถานะของ อปท. ในรอบ: ขั้นตอน จำนวน และประวัติ",
    "Default: the open one.": "ค่าเริ่มต้น: รอบที่เปิดอยู่",
    "Every certification step of an LAO in the round: who, when, why, counts.":
        "ทุกขั้นตอนการรับรองของ อปท. ในรอบ: ใคร เมื่อใด เพราะอะไร จำนวนเท่าใด",
    "Recompute the certified digest and name every record changed since (exit 1 if any).":
        "คำนวณค่าตรวจสอบของข้อมูลที่รับรองใหม่ และระบุทุกรายการที่เปลี่ยนไปหลังรับรอง (จบด้วยรหัส 1 ถ้ามี)",
    # transfer
    "Transfer a person's record to another LAO.": "โอนข้อมูลของบุคคลไปยัง อปท. อื่น",
    "Create a draft transfer order at the person's LAO; shows the name to check.":
        "สร้างร่างคำสั่งโอนที่ อปท. ของบุคคล แสดงชื่อให้ตรวจสอบ",
    "National ID of the person.": "เลขประจำตัวประชาชนของบุคคล",
    "7-digit code of the destination LAO.": "รหัส 7 หลักของ อปท. ปลายทาง",
    "Personnel type (must match the record).": "ประเภทบุคลากร (ต้องตรงกับข้อมูล)",
    "Effective date, BE or CE.": "วันที่มีผล พ.ศ. หรือ ค.ศ.",
    "Save and approve (the origin's registrar): the record moves to the destination.":
        "บันทึกและอนุมัติ (นายทะเบียนประวัติของ อปท. ต้นทาง): ข้อมูลย้ายไปยังปลายทาง",
    "The transfer order's number.": "เลขที่คำสั่งโอน",
    "e.g. 'พร 0023.2/ว 873'.": "เช่น 'พร 0023.2/ว 873'",
    "BE or CE.": "พ.ศ. หรือ ค.ศ.",
    "Confirm the arrival (the destination's officer or registrar).":
        "ยืนยันการรับโอน (เจ้าหน้าที่หรือนายทะเบียนประวัติของ อปท. ปลายทาง)",
    "The destination's own order.": "คำสั่งของ อปท. ปลายทาง",
    "Send the record back to the origin as it was (the destination).":
        "ส่งข้อมูลคืน อปท. ต้นทางตามเดิม (โดย อปท. ปลายทาง)",
    "Why the record goes back.": "เหตุผลที่ส่งคืน",
    "Cancel a draft order (the origin, before approval).": "ยกเลิกร่างคำสั่งโอน (อปท. ต้นทาง ก่อนอนุมัติ)",
    "Transfer orders you can see: your LAO's (both directions) or your province's.":
        "คำสั่งโอนที่ท่านเห็นได้: ของ อปท. ของท่าน (ทั้งโอนออกและรับโอน) หรือของจังหวัด",
    "Orders from or to this LAO.": "คำสั่งโอนออกจากหรือเข้า อปท. นี้",
    "draft, approved, received, rejected or cancelled.":
        "draft (ร่าง), approved (อนุมัติแล้ว), received (รับโอนแล้ว), rejected (ปฏิเสธ) "
        "หรือ cancelled (ยกเลิก)",
    "One transfer order.": "คำสั่งโอนหนึ่งรายการ",
    # registrar
    "Each LAO's registrar and registry officer.": "นายทะเบียนประวัติและเจ้าหน้าที่ทะเบียนประวัติของแต่ละ อปท.",
    "Register the LAO's registrar and registry officer, found among its staff; prints a one-time "
    "enrolment code for each person who must enrol, and disables whom they replace.":
        "แต่งตั้งนายทะเบียนประวัติและเจ้าหน้าที่ทะเบียนประวัติของ อปท. จากบุคลากรของ อปท. "
        "พิมพ์รหัสลงทะเบียนใช้ครั้งเดียวให้ผู้ที่ต้องลงทะเบียน และระงับบัญชีของผู้ที่ถูกแทน",
    "National ID of the registrar.": "เลขประจำตัวประชาชนของนายทะเบียนประวัติ",
    "National ID of the officer.": "เลขประจำตัวประชาชนของเจ้าหน้าที่ทะเบียนประวัติ",
    "One person holds both roles.": "บุคคลเดียวทำทั้งสองหน้าที่",
    "Who holds each role at the LAO, since when, and whether it has gone stale.":
        "ใครทำหน้าที่ใดใน อปท. ตั้งแต่เมื่อใด และต้องแต่งตั้งใหม่หรือไม่",
    "LAO code.": "รหัส อปท.",
    "Every LAO of a province with its registrar and officer: the list a province chases.":
        "ทุก อปท. ในจังหวัดพร้อมนายทะเบียนประวัติและเจ้าหน้าที่: รายการที่จังหวัดใช้ติดตาม",
    "2-digit province code.": "รหัสจังหวัด 2 หลัก",
    "Only the registrations to set again.": "เฉพาะที่ต้องแต่งตั้งใหม่",
    # report
    "Reports.": "รายงาน",
    "How far the round has got: LAOs per state, the late ones first, people per group.":
        "ความคืบหน้าของรอบ: จำนวน อปท. ตามสถานะ ที่ล่าช้าก่อน และจำนวนบุคลากรตามกลุ่ม",
    "One province: a row per LAO.": "จังหวัดเดียว: แถวละหนึ่ง อปท.",
    "Default: the open round, else the latest.": "ค่าเริ่มต้น: รอบที่เปิดอยู่ หรือรอบล่าสุด",
    "Also write the report as a workbook (.xlsx).": "เขียนรายงานเป็นไฟล์ .xlsx ด้วย",
    "Who reaches the end of service (60) at the end of a fiscal year, per LAO, with position and "
    "salary (needs sign-in: it is personal data).":
        "ผู้ครบเกษียณอายุ (60 ปี) เมื่อสิ้นปีงบประมาณ แยกตาม อปท. พร้อมตำแหน่งและเงินเดือน "
        "(ต้องเข้าระบบ: เป็นข้อมูลส่วนบุคคล)",
    "The fiscal year (BE), e.g. 2570.": "ปีงบประมาณ (พ.ศ.) เช่น 2570",
    "Also write the list as a workbook (.xlsx).": "เขียนรายชื่อเป็นไฟล์ .xlsx ด้วย",
    # conference
    "Book a teleconference room.": "จองห้องประชุมทางไกล",
    "Book a room (any signed-in user). The PIN is shown once, here.":
        "จองห้อง (ผู้ใช้ที่เข้าระบบแล้วทุกคน) รหัส PIN แสดงครั้งเดียวที่นี่",
    "Meeting ID of the room.": "หมายเลขห้องประชุม",
    "HH:MM.": "ชช:นน",
    "How many join.": "จำนวนผู้เข้าร่วม",
    "What the meeting is about.": "เรื่องที่ประชุม",
    "Length of the random PIN (4 or more).": "จำนวนหลักของ PIN ที่สุ่ม (อย่างน้อย 4)",
    "Type the PIN at a hidden prompt instead.": "พิมพ์ PIN เอง (ไม่แสดงบนจอ) แทนการสุ่ม",
    "Write the request form to print, sign and send to the IT centre.":
        "เขียนแบบขอใช้ห้องประชุม เพื่อพิมพ์ ลงนาม และส่งศูนย์เทคโนโลยีสารสนเทศ",
    "The booking's number.": "เลขที่การจอง",
    "The form (.xlsx).": "ไฟล์แบบฟอร์ม (.xlsx)",
    "Approve a booking (DLA admin: the IT centre).": "อนุมัติการจอง (ผู้ดูแลระบบ สถ.: ศูนย์เทคโนโลยีสารสนเทศ)",
    "Reject a booking (DLA admin: the IT centre).": "ไม่อนุมัติการจอง (ผู้ดูแลระบบ สถ.: ศูนย์เทคโนโลยีสารสนเทศ)",
    "Why.": "เหตุผล",
    "Cancel your booking.": "ยกเลิกการจองของท่าน",
    "A day's schedule per room.": "ตารางการใช้ห้องประชุมของวันหนึ่ง แยกตามห้อง",
    "One room.": "เฉพาะห้องนี้",
    "One day, BE or CE.": "วันที่ พ.ศ. หรือ ค.ศ.",
    "Only your bookings (taps your card).": "เฉพาะการจองของท่าน (ใช้บัตร)",
    "One booking (no digit of its PIN: the booker gives it to the participants).":
        "การจองหนึ่งรายการ (ไม่แสดง PIN: ผู้จองแจ้งผู้เข้าร่วมเอง)",
    "The join link and steps (without the PIN).": "ลิงก์และขั้นตอนการเข้าร่วม (ไม่มี PIN)",
    "Teleconference rooms (DLA admin).": "ห้องประชุมทางไกล (ผู้ดูแลระบบ สถ.)",
    "Add a room (DLA admin).": "เพิ่มห้องประชุม (ผู้ดูแลระบบ สถ.)",
    "The meeting ID participants dial, e.g. 8000.": "หมายเลขห้องที่ผู้เข้าร่วมโทรเข้า เช่น 8000",
    "The room's name.": "ชื่อห้อง",
    "Most participants it holds.": "จำนวนผู้เข้าร่วมสูงสุด",
    "The rooms.": "ห้องประชุมทั้งหมด",
}  # fmt: skip
