"""A person's own controls and what they see of their intros."""
