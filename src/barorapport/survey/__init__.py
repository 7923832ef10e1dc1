"""Stage 1: the questionnaire and the survey export in, one validated ``Survey`` out."""

from .load import Survey, load_survey
from .quarantine import Problem, Quarantine, write_quarantine
from .questionnaire import Question, Questionnaire, load_questionnaire

__all__ = ["Problem", "Quarantine", "Question", "Questionnaire", "Survey", "load_questionnaire",
           "load_survey", "write_quarantine"]
