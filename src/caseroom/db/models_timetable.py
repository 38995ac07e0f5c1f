"""Tables: the weekly timetable (recurring sessions and their exceptions)."""
