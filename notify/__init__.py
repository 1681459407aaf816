"""notify: e-mail and SMS to clients and staff, with delivery status and history."""
