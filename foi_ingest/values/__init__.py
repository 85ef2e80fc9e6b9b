"""Reading one cell's value the same way in every format and for every request: text as a person
reads it, dates and periods, counts and suppressed counts, total labels.

Parsers and the request layer both use these; they know nothing of any request.
"""
