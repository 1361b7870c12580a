import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
application = get_wsgi_application()

# A serving process: `manage.py restore` waits for every one to stop (lvzhi/core/backup.py).
from lvzhi.core.backup import hold_server_lock  # noqa: E402  (needs the apps loaded above)

hold_server_lock()
