"""Tables: earlier versions of plans and goals, and the quarterly review's decisions."""
