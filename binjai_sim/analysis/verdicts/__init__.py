"""Verdicts that carry their Monte-Carlo error (``rule``), drawn in batches until decided
(``sequential``), and what the data taught: the prior's verdicts beside the posterior's
(``taught``)."""
