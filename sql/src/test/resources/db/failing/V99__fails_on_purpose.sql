-- A migration that fails after every real one has run, to show that a failed migrate changes nothing.
SELECT 1 / 0;
