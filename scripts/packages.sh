# Sourced by test.sh and demo.sh: installs the Debian/Ubuntu packages they need.
# ensure_packages PKG...: installs the missing ones with apt-get (directly as root, with sudo
# otherwise); when neither is possible, prints the exact command and exits non-zero.

ensure_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "saddle: not a Debian/Ubuntu system; make sure these are installed: $*" >&2
    return 0
  fi
  local missing=()
  local pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "saddle: installing missing packages: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo)
    elif command -v sudo >/dev/null 2>&1 && [ -t 0 ]; then
      sudo=(sudo)  # interactive: sudo may ask for a password
    else
      echo "saddle: cannot install packages (not root, no sudo). Run:" >&2
      echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The Python that has Debian's python3-* packages (another python3 may come first on PATH).
debian_python() {
  if [ -x /usr/bin/python3 ]; then
    echo /usr/bin/python3
  else
    command -v python3
  fi
}
