"""SQLModel tables (the database schema) and, later, the row schema of a staff record."""
