"""The search's default settings, kept apart so that ``plan-package --help`` imports nothing heavy."""

LEVELS = (0.5, 1.0)  # intensities tried by default: half and full strength
FIRST_DRAWS = 5  # draws before the first look: 3 of 5 meeting already rules a package out at 0.9
STEP_DRAWS = 10  # draws added at each further look
SCREEN_DRAWS = 20  # draws on which the ascent compares its possible steps
MAX_CANDIDATES = 2000  # packages evaluated at most by default (docs/strategies.md gives the measured time)
