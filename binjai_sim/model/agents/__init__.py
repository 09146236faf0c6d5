"""Mesa agents of the city model. Hot state lives in numpy arrays; agents are views on rows."""

from .agency import Agency
from .app import App
from .citizen import Citizen
from .civil_servant import CivilServant
from .mayor import Mayor

__all__ = ["Agency", "App", "Citizen", "CivilServant", "Mayor"]
