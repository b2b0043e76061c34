"""What a person reads for each stored word: roles, personnel types, states, audit actions.

The database, JSON and CSV keep the stable English keys (`province_officer`, `draft`); tables,
workbooks and forms show these labels in the chosen language. `tests/test_language.py` checks that
every key the services use has both.
"""

from __future__ import annotations

Labels = dict[str, tuple[str, str]]

DLA_TH = "กรมส่งเสริมการปกครองท้องถิ่น"  # the department, as forms name it

ROLES: Labels = {
    "dla_admin": ("DLA admin", "ผู้ดูแลระบบ สถ."),
    "province_officer": ("province officer", "เจ้าหน้าที่ สถจ."),
    "lao_registrar": ("LAO registrar", "นายทะเบียนประวัติ อปท."),
    "lao_officer": ("LAO registry officer", "เจ้าหน้าที่ทะเบียนประวัติ อปท."),
}
PERSONNEL_TYPES: Labels = {
    "civil_servant": ("local civil servant", "ข้าราชการส่วนท้องถิ่น"),
    "teacher": ("teacher", "ข้าราชการครู"),
    "permanent_employee": ("permanent employee", "ลูกจ้างประจำ"),
    "contract_mission": ("mission contract employee", "พนักงานจ้างตามภารกิจ"),
    "contract_general": ("general contract employee", "พนักงานจ้างทั่วไป"),
    "contract_expert": ("expert contract employee", "พนักงานจ้างผู้เชี่ยวชาญพิเศษ"),
}
CERTIFICATION_STATES: Labels = {
    "recording": ("recording", "กำลังบันทึกข้อมูล"),
    "lao_certified": ("certified at LAO level", "รับรองระดับ อปท. แล้ว"),
    "province_certified": ("certified at province level", "รับรองระดับจังหวัดแล้ว"),
    "returned": ("returned for correction", "ส่งคืนแก้ไข"),
}
TRANSFER_STATUSES: Labels = {
    "draft": ("draft", "ร่าง"),
    "approved": ("approved, on its way", "อนุมัติแล้ว รอรับโอน"),
    "received": ("received", "รับโอนแล้ว"),
    "rejected": ("rejected, sent back", "ปฏิเสธการรับโอน"),
    "cancelled": ("cancelled", "ยกเลิก"),
}
BOOKING_STATES: Labels = {
    "pending": ("awaiting approval", "รออนุมัติ"),
    "approved": ("approved", "อนุมัติแล้ว"),
    "rejected": ("not approved", "ไม่อนุมัติ"),
    "cancelled": ("cancelled", "ยกเลิก"),
}
STALE_REASONS: Labels = {
    "left the LAO": ("left the LAO", "พ้นจาก อปท. แล้ว"),
    "transferred": ("transferred", "โอนย้ายแล้ว"),
    "retired": ("retired", "เกษียณแล้ว"),
    "account disabled": ("account disabled", "บัญชีถูกระงับ"),
    "never enrolled": ("never enrolled", "ยังไม่ลงทะเบียน"),
    "not registered": ("not registered", "ยังไม่ได้แต่งตั้ง"),
}
FINDING_LEVELS: Labels = {
    "error": ("error", "ข้อผิดพลาด"),
    "warning": ("warning", "คำเตือน"),
}
OUTCOMES: Labels = {
    "ok": ("done", "สำเร็จ"),
    "refused": ("refused", "ถูกปฏิเสธ"),
    "failed": ("failed", "ไม่สำเร็จ"),
    "rejected": ("rejected (errors)", "ไม่รับ (มีข้อผิดพลาด)"),
    "written": ("written", "บันทึกแล้ว"),
    "dry_run": ("checked only", "ตรวจอย่างเดียว"),
}
# a file's outcome in an import's summary (services.staff_import.ImportResult.outcome)
IMPORT_OUTCOMES: Labels = {
    "written": ("written", "บันทึกแล้ว"),
    "dry_run": ("dry run", "ทดลอง"),
    "rejected": ("nothing written: errors", "ไม่บันทึก: มีข้อผิดพลาด"),
    "not_staff_list": ("not a staff list", "ไม่ใช่บัญชีรายชื่อ"),
    "not_record_of_service": ("not a ก.พ.7 workbook", "ไม่ใช่แฟ้ม ก.พ.7"),
}
# the audit log's and a record's history actions
ACTIONS: Labels = {
    "audit_sealed": ("audit log sealed", "ผนึกบันทึกการใช้งาน"),
    "enrol_first_admin": ("first DLA admin enrolled", "ลงทะเบียนผู้ดูแลระบบคนแรก"),
    "whoami": ("card shown", "ตรวจบัตร"),
    "passwd": ("password set", "ตั้งรหัสผ่าน"),
    "signin": ("sign-in", "เข้าสู่ระบบ"),
    "user_list": ("accounts listed", "ดูบัญชีผู้ใช้"),
    "user_add": ("account added", "เพิ่มบัญชีผู้ใช้"),
    "user_disable": ("account disabled", "ระงับบัญชี"),
    "user_unlock": ("account unlocked", "ปลดล็อกบัญชี"),
    "user_enable": ("account enabled", "เปิดใช้บัญชี"),
    "user_disable_review": ("account checked before disabling", "ตรวจก่อนระงับบัญชี"),
    "user_enable_review": ("account checked before enabling", "ตรวจก่อนเปิดใช้บัญชี"),
    "audit_log": ("audit log read", "ดูบันทึกการใช้งาน"),
    "audit_verify": ("audit log verified", "ตรวจบันทึกการใช้งาน"),
    "round_open": ("round opened", "เปิดรอบรับรอง"),
    "round_close": ("round closed", "ปิดรอบรับรอง"),
    "round_list": ("rounds listed", "ดูรอบรับรอง"),
    "import_orgs": ("LAO registry imported", "นำเข้าทะเบียน อปท."),
    "import_staff": ("staff imported", "นำเข้าข้อมูลบุคลากร"),
    "import_history": ("record of service imported", "นำเข้าทะเบียนประวัติ (ก.พ.7)"),
    "staff_kp7": ("ก.พ.7 printed", "พิมพ์ ก.พ.7"),
    "plan_import": ("manpower plan imported", "นำเข้าแผนอัตรากำลัง"),
    "plan_show": ("manpower plan read", "ดูแผนอัตรากำลัง"),
    "plan_check": ("manpower plan checked", "ตรวจแผนอัตรากำลัง"),
    "plan_submit": ("manpower plan submitted", "เสนอแผนอัตรากำลัง"),
    "report_plans": ("manpower plans listed", "ดูรายงานแผนอัตรากำลัง"),
    "plan_approve": ("manpower plan approved", "อนุมัติแผนอัตรากำลัง"),
    "plan_return": ("manpower plan returned", "ส่งคืนแผนอัตรากำลัง"),
    "org_list": ("LAOs listed", "ดูรายชื่อ อปท."),
    "org_show": ("LAO shown", "ดูข้อมูล อปท."),
    "certify_lao_review": ("LAO certification reviewed", "ตรวจก่อนรับรองระดับ อปท."),
    "certify_province_review": ("province certification reviewed", "ตรวจก่อนรับรองระดับจังหวัด"),
    "certify_lao": ("certified at LAO level", "รับรองระดับ อปท."),
    "certify_province": ("certified at province level", "รับรองระดับจังหวัด"),
    "certify_return": ("returned for correction", "ส่งคืนแก้ไข"),
    "certify_return_review": ("return checked", "ตรวจก่อนส่งคืนแก้ไข"),
    "certify_status": ("certification status read", "ดูสถานะการรับรอง"),
    "certify_verify": ("certified data verified", "ตรวจข้อมูลที่รับรอง"),
    "transfer_create": ("transfer drafted", "สร้างร่างคำสั่งโอน"),
    "transfer_approve_review": ("transfer checked", "ตรวจคำสั่งโอนก่อนอนุมัติ"),
    "transfer_approve": ("transfer approved", "อนุมัติคำสั่งโอน"),
    "transfer_receive": ("transfer received", "รับโอน"),
    "transfer_reject": ("transfer rejected", "ปฏิเสธการรับโอน"),
    "transfer_cancel": ("transfer cancelled", "ยกเลิกคำสั่งโอน"),
    "transfer_list": ("transfers listed", "ดูคำสั่งโอน"),
    "transfer_show": ("transfer shown", "ดูคำสั่งโอน"),
    "registrar_review": ("registrars checked", "ตรวจก่อนแต่งตั้งนายทะเบียน"),
    "registrar_set": ("registrars set", "แต่งตั้งนายทะเบียนและเจ้าหน้าที่"),
    "registrar_holders": ("registrars listed", "ดูนายทะเบียนและเจ้าหน้าที่"),
    "staff_export": ("staff exported", "ส่งออกข้อมูลบุคลากร"),
    "staff_list": ("staff listed", "ดูรายชื่อบุคลากร"),
    "staff_show": ("record shown", "ดูข้อมูลบุคคล"),
    "conference_room_add": ("room added", "เพิ่มห้องประชุม"),
    "conference_rooms": ("rooms listed", "ดูห้องประชุม"),
    "conference_book": ("room booked", "จองห้องประชุม"),
    "conference_form": ("request form printed", "พิมพ์แบบคำขอใช้ห้อง"),
    "conference_approve": ("booking approved", "อนุมัติการจอง"),
    "conference_reject": ("booking rejected", "ไม่อนุมัติการจอง"),
    "conference_cancel": ("booking cancelled", "ยกเลิกการจอง"),
    "conference_join_info": ("joining steps read", "ดูวิธีเข้าร่วมประชุม"),
    "report_progress": ("progress report", "รายงานความคืบหน้า"),
    "report_retirements": ("retirements listed", "ดูรายชื่อผู้เกษียณอายุ"),
    "validate_stored": ("stored records checked", "ตรวจข้อมูลที่บันทึก"),
    "conference_list": ("bookings listed", "ดูรายการจอง"),
    "conference_bookings": ("bookings read", "ดูการจอง"),
    "certify_province_laos": ("LAOs of the province listed", "ดู อปท. ในจังหวัด"),
    "return": ("returned for correction", "ส่งคืนแก้ไข"),
    # a record's history
    "imported": ("imported", "นำเข้า"),
    "changed": ("changed by an import", "แก้ไขจากการนำเข้า"),
    "transfer_created": ("transfer drafted", "สร้างร่างคำสั่งโอน"),
    "transfer_approved": ("transferred out", "โอนออก"),
    "transfer_received": ("transferred in", "รับโอน"),
    "transfer_rejected": ("transfer sent back", "ปฏิเสธการรับโอน ส่งคืน"),
    "transfer_cancelled": ("transfer cancelled", "ยกเลิกคำสั่งโอน"),
}


def label(labels: Labels, key: str | None, lang: str) -> str:
    """The key's label in `lang`; an unknown key as it is (never hidden)."""
    if key is None:
        return "-"
    en, th = labels.get(key, (key, key))
    return th if lang == "th" else en


# the audit log's details: each key, and the words its values may hold
DETAIL_KEYS: Labels = {
    "error": ("error", "ข้อผิดพลาด"),
    "exit_code": ("exit code", "รหัสจบ"),
    "stage": ("stage", "ขั้นตอน"),
    "as_of": ("as of", "มีผล"),
    "new": ("new", "ใหม่"),
    "changed": ("changed", "แก้ไข"),
    "unchanged": ("unchanged", "ไม่เปลี่ยน"),
    "retired": ("left the registry", "ออกจากทะเบียน"),
    "dry_run": ("check only", "ตรวจอย่างเดียว"),
    "errors": ("errors", "ข้อผิดพลาด"),
    "warnings": ("warnings", "คำเตือน"),
    "orgs": ("LAOs", "อปท."),
    "rows": ("rows", "แถว"),
    "records": ("records", "รายการ"),
    "role": ("role", "บทบาท"),
    "scope": ("scope", "ขอบเขต"),
    "outcome": ("outcome", "ผล"),
    "reenrol": ("new enrolment", "ลงทะเบียนใหม่"),
    "name": ("name", "ชื่อ"),
    "lao_deadline": ("LAO deadline", "กำหนด อปท."),
    "province_deadline": ("province deadline", "กำหนดจังหวัด"),
    "room": ("room", "ห้อง"),
    "starts_at": ("from", "ตั้งแต่"),
    "ends": ("to", "ถึง"),
    "reason": ("reason", "เหตุผล"),
    "allow_same": ("one person, both roles", "คนเดียวสองหน้าที่"),
    "disabled": ("disabled", "ระงับบัญชี"),
    "registrar": ("registrar", "นายทะเบียน"),
    "officer": ("officer", "เจ้าหน้าที่"),
    "national_id": ("person", "บุคคล"),
    "from_org": ("from", "จาก"),
    "to_org": ("to", "ไปยัง"),
    "letter_no": ("letter", "หนังสือเลขที่"),
    "letter_date": ("dated", "ลงวันที่"),
    "order_no": ("receiving order", "คำสั่งรับโอน"),
    "orders": ("orders", "คำสั่ง"),
    "sample": ("sampled", "สุ่มตรวจ"),
    "seed": ("seed", "ค่าสุ่ม"),
    "round": ("round", "รอบ"),
    "counts": ("counts", "จำนวน"),
    "people": ("people", "คน"),
    "civil_servant": ("civil servants", "ข้าราชการ"),
    "permanent_employee": ("permanent employees", "ลูกจ้างประจำ"),
    "contract": ("contract employees", "พนักงานจ้าง"),
    "digest": ("digest", "ค่าตรวจสอบ"),
    "unkeyed_rows": ("rows before the seal", "แถวก่อนผนึก"),
    "unkeyed_last_hash": ("last hash before the seal", "ค่าแฮชสุดท้ายก่อนผนึก"),
    "sections": ("sections of the record", "หมวดของทะเบียนประวัติ"),
    "rules": ("findings", "รายการที่พบ"),
    "cycle": ("cycle", "รอบแผน"),
    "version": ("version", "ฉบับที่"),
    "lines": ("lines", "รายการ"),
}
DETAIL_VALUES: Labels = {
    "True": ("yes", "ใช่"),
    "False": ("no", "ไม่ใช่"),
    "enrolled": ("enrolled", "ลงทะเบียนแล้ว"),
    "changed": ("changed", "เปลี่ยนแล้ว"),
    "sign_in": ("sign-in", "เข้าสู่ระบบ"),
    # the sections an import of the record of service brought
    "positions": ("positions and salaries", "ตำแหน่งและอัตราเงินเดือน"),
    "education": ("education", "ประวัติการศึกษา"),
    "training": ("training", "การฝึกอบรม"),
    "decorations": ("decorations", "เครื่องราชอิสริยาภรณ์"),
    "leave": ("leave", "วันลา"),
    "discipline": ("discipline", "โทษทางวินัย"),
    "name_changes": ("name changes", "การเปลี่ยนชื่อ"),
} | ROLES
# the first word of an audit row's target
TARGET_KINDS: Labels = {
    "booking": ("booking", "การจอง"),
    "transfer": ("transfer", "คำสั่งโอน"),
    "bundled": ("bundled registry", "ทะเบียนที่มากับโปรแกรม"),
    "province": ("province", "จังหวัด"),  # a report's: `province 61 2599`
    "all": ("whole country", "ทั้งประเทศ"),  # `all 2599`
}
# the fields of the record of service's sections (`schemas.sections`)
SECTION_FIELDS: Labels = {
    "effective_on": ("effective", "วันที่มีผล"),
    "movement": ("movement", "การเคลื่อนไหว"),
    "position": ("position", "ตำแหน่ง"),
    "position_no": ("position no.", "เลขที่ตำแหน่ง"),
    "level": ("level", "ระดับ"),
    "division": ("division", "ส่วนราชการ"),
    "salary": ("salary", "เงินเดือน"),
    "order_ref": ("order", "คำสั่ง"),
    "degree": ("degree", "วุฒิ"),
    "major": ("major", "สาขา"),
    "institution": ("institution", "สถานศึกษา"),
    "graduated_year": ("graduated (BE)", "ปีที่สำเร็จ"),
    "country": ("country", "ประเทศ"),
    "course": ("course", "หลักสูตร"),
    "organiser": ("organiser", "หน่วยงานที่จัด"),
    "starts_on": ("from", "ตั้งแต่"),
    "ends_on": ("to", "ถึง"),
    "decoration_class": ("class", "ชั้นเครื่องราชฯ"),
    "received_on": ("received", "วันที่ได้รับ"),
    "gazette_ref": ("Royal Gazette", "ราชกิจจานุเบกษา"),
    "kind": ("kind", "ประเภทการลา"),
    "days": ("days", "จำนวนวัน"),
    "penalty": ("penalty", "โทษ"),
    "ordered_on": ("ordered", "วันที่สั่ง"),
    "changed_on": ("changed", "วันที่เปลี่ยน"),
    "former_title": ("former title", "คำนำหน้าเดิม"),
    "former_first_name": ("former first name", "ชื่อเดิม"),
    "former_last_name": ("former surname", "นามสกุลเดิม"),
}
# the states of a version of a manpower plan (`schemas.plans`)
PLAN_STATES: Labels = {
    "draft": ("draft", "ร่าง"),
    "submitted": ("submitted", "เสนอจังหวัดแล้ว"),
    "returned": ("returned", "ส่งคืนแก้ไข"),
    "approved": ("approved", "อนุมัติแล้ว"),
}
# the sections of the record of service, in the form's order, as the form titles them
SECTION_TITLES: Labels = {
    "positions": ("Positions and salaries", "ตำแหน่งและอัตราเงินเดือน"),
    "education": ("Education", "ประวัติการศึกษา"),
    "training": ("Training", "การฝึกอบรม"),
    "decorations": ("Decorations", "เครื่องราชอิสริยาภรณ์"),
    "leave": ("Leave", "วันลา"),
    "discipline": ("Discipline", "โทษทางวินัย"),
    "name_changes": ("Name changes", "การเปลี่ยนชื่อ"),
}
# the sections of the record of service, named short (a spot check's cell)
SECTION_SHORT: Labels = {
    "positions": ("positions", "ตำแหน่ง"),
    "education": ("education", "การศึกษา"),
    "training": ("training", "อบรม"),
    "decorations": ("decorations", "เครื่องราชฯ"),
    "leave": ("leave", "วันลา"),
    "discipline": ("discipline", "วินัย"),
    "name_changes": ("names", "เปลี่ยนชื่อ"),
}
MOVEMENTS: Labels = {
    "appointed": ("appointed", "บรรจุ"),
    "promoted": ("promoted", "เลื่อนตำแหน่ง"),
    "moved": ("moved", "ย้าย"),
    "transferred_in": ("transferred in", "รับโอน"),
    "salary_step": ("salary step", "เลื่อนขั้นเงินเดือน"),
    "demoted": ("demoted", "ลดตำแหน่ง"),
    "other": ("other", "อื่น ๆ"),
}
