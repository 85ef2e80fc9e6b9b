"""The validator's loop: export open rejected rows to Excel, read decisions back, replay them."""
