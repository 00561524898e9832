"""`tomodachi-compile plan`: the agenda of every fire in a window, and its timeline picture."""
