# Shared by scripts/run-app and scripts/run-tests: locations and Debian package installation.
# shellcheck shell=bash

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
product_dir=$repo_root/product/target/products/dev.mirrorline.product/linux/gtk/x86_64/mirrorline

say() { printf 'mirrorline: %s\n' "$*" >&2; }

is_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# The GTK 3 runtime is called libgtk-3-0 up to Debian 12 and libgtk-3-0t64 from Debian 13 on.
gtk_package() {
  if is_installed libgtk-3-0t64 || { ! is_installed libgtk-3-0 && apt-cache show libgtk-3-0t64 >/dev/null 2>&1; }; then
    echo libgtk-3-0t64
  else
    echo libgtk-3-0
  fi
}

# ensure_packages NAME...: installs the Debian packages that are missing (as root, or through sudo).
ensure_packages() {
  local missing=() name
  for name in "$@"; do
    is_installed "$name" || missing+=("$name")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    say "missing packages ${missing[*]} and no apt-get to install them: install them by hand"
    return 1
  fi
  local sudo=
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { say "packages ${missing[*]} are missing: run as root or install sudo"; return 1; }
    sudo=sudo
  fi
  say "installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  # the GTK name can only be told after the package lists are there
  local resolved=()
  for name in "${missing[@]}"; do
    if [ "$name" = libgtk-3-0 ]; then resolved+=("$(gtk_package)"); else resolved+=("$name"); fi
  done
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${resolved[@]}" >/dev/null
}

# The packages a window of the console needs, on a display or under Xvfb.
ui_runtime_packages() {
  echo "$(gtk_package) libxtst6 xauth dbus-x11 at-spi2-core fonts-dejavu-core"
}

# The real NBD clients the NBD export's tests and benchmark run: nbdinfo and nbdcopy (libnbd-bin),
# qemu-img (qemu-utils), fio with its nbd engine, and nbdkit (the benchmark's baseline).
nbd_client_packages() {
  echo "libnbd-bin qemu-utils fio nbdkit"
}

# The two-host test builds its hosts from network namespaces with ip (iproute2).
network_test_packages() {
  echo "iproute2"
}
