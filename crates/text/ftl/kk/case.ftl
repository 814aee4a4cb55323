### Case files, decisions, notes and reviews.

