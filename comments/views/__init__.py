"""The comments app's pages, by who uses them: readers, moderators, and subscribers following
links in their email."""
