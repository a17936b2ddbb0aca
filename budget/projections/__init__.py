"""The read side: SQL views fed from the notification log, with their tracking positions."""
