"""A generator of sample inboxes (mixed formats, real-world quirks) with a truth file."""
