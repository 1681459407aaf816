"""tasks: the office's own work: templates, chains, deadlines, overdue reports."""
