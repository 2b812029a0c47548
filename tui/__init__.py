"""spacewatch screen: the Textual dashboard and the command line."""
