"""The publishing rule: what is published, held back or withdrawn, and on whose sign-off."""
