from .lang import in_job_lang, job_lang

__all__ = ["in_job_lang", "job_lang"]
