"""Every file lhrctl writes for a person: the marked-up findings workbook, the empty staff template,
the progress workbook, the conference request form, and staff records as CSV, JSON or XLSX.
Writers take plain data; they import no service."""
