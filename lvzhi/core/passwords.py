"""Password rules with Chinese messages: Django's zh_Hans catalog leaves the plural length message in English."""

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return _("密码太短，至少需要%(n)s个字符") % {"n": self.min_length}

    def get_help_text(self) -> str:
        return _("密码至少需要%(n)s个字符") % {"n": self.min_length}
