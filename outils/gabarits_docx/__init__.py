"""Builders of the first version of the DOCX templates in `gabarits/`.

The `.docx` files in `gabarits/` are the reference: staff edit them in Word. These builders
only wrote their first version (every Jinja tag inside one run, as docxtpl requires);
`python -m outils.gabarits_docx` rewrites them all, losing edits made in Word.
"""
