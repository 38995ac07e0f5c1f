"""Tables: how support-group meetings are held, peer-support parents and parents' feedback."""
