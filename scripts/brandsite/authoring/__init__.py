"""New brand profiles: the scaffold and the Word (.docx) import."""
