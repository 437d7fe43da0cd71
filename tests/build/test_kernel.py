"""Kernels on Unix socket files in a private folder (issue 29): no TCP port for another
kernel or program to take, nothing left behind."""

from __future__ import annotations

import glob
import os
import tempfile
from pathlib import Path

import nbformat
import papermill

from digital_public_services.build import kernel

SHOW_CONNECTION = ("import json\nfrom ipykernel.connect import get_connection_file\n"
                   "info = json.load(open(get_connection_file()))\n"
                   "print(info['transport'], info['ip'], get_connection_file())")


def _folders() -> set[str]:
    return set(glob.glob(os.path.join(tempfile.gettempdir(), "dps-kernel-*")))


def test_a_notebook_runs_over_socket_files_that_go_with_the_kernel(tmp_path: Path) -> None:
    source = tmp_path / "in.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SHOW_CONNECTION)]),
                   source)
    before = _folders()
    executed = papermill.execute_notebook(
        str(source), str(tmp_path / "out.ipynb"), kernel_name="python3", progress_bar=False,
        shutdown_kernel="immediate", kernel_manager_class=kernel.SocketFileKernelManager)
    transport, ip, connection_file = executed.cells[0].outputs[0]["text"].split()
    folder = os.path.dirname(connection_file)
    assert transport == "ipc"
    assert ip == os.path.join(folder, "kernel-ipc")  # sockets kernel-ipc-<n>, beside it
    assert os.path.basename(folder).startswith("dps-kernel-")
    assert not os.path.exists(folder)  # removed with the kernel
    # Other processes (a paper built meanwhile) may hold folders of their own: only this
    # run's folders must be gone.
    assert folder not in _folders() and folder not in before
    assert not kernel._FOLDERS


def test_a_long_temporary_folder_gives_way_to_tmp(tmp_path: Path) -> None:
    deep = tmp_path / ("d" * 90)
    deep.mkdir()
    folder = kernel.socket_folder(str(deep))
    try:
        assert folder.startswith("/tmp/dps-kernel-")
        assert len(os.fsencode(os.path.join(folder, "kernel-ipc-5"))) < kernel.SOCKET_PATH_MAX
    finally:
        kernel.remove_folders()
    assert not os.path.exists(folder)


def test_a_short_temporary_folder_is_used() -> None:
    with tempfile.TemporaryDirectory(dir="/tmp") as short:
        folder = kernel.socket_folder(short)
        assert Path(folder).parent == Path(short)
        kernel.remove_folders()
        assert not os.path.exists(folder)
