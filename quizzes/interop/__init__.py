"""Question banks and decks in and out: Moodle XML, GIFT, QTI, Anki .apkg, CSV — one module per
format, each a reader and a writer over one neutral item type; the bank's services do the
saving."""
