import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
application = get_wsgi_application()

# A serving process: `manage.py restore` waits for every one to stop (lvzhi/core/backup.py).
from django.urls import get_resolver  # noqa: E402  (needs the apps loaded above)

from lvzhi.core.backup import hold_server_lock  # noqa: E402

hold_server_lock()

# Load every URL module (and so every view) now, then set what start-up built aside from the garbage collector: it
# lives as long as the process, and each full collection would walk it again, pausing requests (the tail latency).
get_resolver().url_patterns  # noqa: B018
gc.freeze()
