"""The forms a room prints and has signed, one module each (data in `data.py`)."""
