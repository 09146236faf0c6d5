"""``binjai-sim new-city``: a standalone scenario folder for any Indonesian city from a short
profile (flags, a profile file, or questions), pre-filled from the regions table.

``profile.py`` reads and completes the profile (every value with its source, or labelled as an
assumption), ``scenario_text.py`` writes the scenario and the folder's notes, ``templates.py``
the app inventory templates and the calibration kit, ``folder.py`` the folder's manifest (what
``--force`` may replace and a remake keeps), ``command.py`` the command.
"""
