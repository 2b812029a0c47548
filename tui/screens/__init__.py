"""The dashboard's screens: the panes, an article, search, feed health, help."""
