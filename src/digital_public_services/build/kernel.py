"""Kernels that talk over Unix sockets in a private folder, so that none can lose a TCP port.

Over TCP, jupyter_client picks five free ports, releases them, and writes them to the
connection file; the kernel binds them a moment later. A kernel started meanwhile (``dps run``
starts one per core, and other runs or programs may too) can take one of them, and the
kernel dies before replying to ``kernel_info`` with ``Address already in use`` (papermill
#511): the run failed by chance. Retrying after the fact cannot tell that death from any
other reliably; removing the cause can. With the ``ipc`` transport each kernel's five
channels are socket files under a folder made for that kernel alone (``mkdtemp``), so there
is nothing two kernels can both claim, and nothing to retry. The messages exchanged are the
same, so the executed notebooks are byte for byte those of a TCP kernel.

``ipc`` needs Unix domain sockets: Linux and macOS, the systems ``dps run`` supports (its build
lock uses ``fcntl``). A socket's path is limited to about 100 bytes, hence a short folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile

from jupyter_client.manager import AsyncKernelManager
from traitlets import default

SOCKET_PATH_MAX = 100  # bytes of a Unix socket's path (sun_path) that every system allows
SOCKET_NAME = "kernel.json"  # connection file; the sockets are ``kernel-ipc-<n>`` beside it
_FOLDERS: set[str] = set()  # this process's kernels' folders, for :func:`remove_folders`


def socket_folder(base: str | None = None) -> str:
    """A new private folder for one kernel's sockets: under ``base`` (the temporary folder)
    when its path leaves room for the socket names, else under ``/tmp``."""
    base = base or tempfile.gettempdir()
    if len(os.fsencode(base)) > SOCKET_PATH_MAX - 40:
        base = "/tmp"
    folder = tempfile.mkdtemp(prefix="dps-kernel-", dir=base)
    _FOLDERS.add(folder)
    return folder


def remove_folders() -> None:
    """Remove the folders of this process's kernels (a worker stopped with its kernel)."""
    for folder in list(_FOLDERS):
        shutil.rmtree(folder, ignore_errors=True)
        _FOLDERS.discard(folder)


class SocketFileKernelManager(AsyncKernelManager):
    """An ``AsyncKernelManager`` (nbclient's default) on the ``ipc`` transport, its connection
    file and sockets in a folder of its own, removed with the kernel's resources."""

    @default("transport")
    def _transport_default(self) -> str:
        return "ipc"

    @default("connection_file")
    def _connection_file_default(self) -> str:
        # jupyter_client names the sockets after the connection file: <folder>/kernel-ipc-<n>
        return os.path.join(socket_folder(), SOCKET_NAME)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        folder = os.path.dirname(self.connection_file)
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(folder, ignore_errors=True)
            _FOLDERS.discard(folder)

    # AsyncKernelManager binds this public name to KernelManager's own method, not to ours.
    cleanup_resources = _async_cleanup_resources
