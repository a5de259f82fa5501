#!/usr/bin/env bash
# Builds Redrive's installer for the operating system it runs on (Linux or macOS; Windows has build.ps1) from the
# shaded jar, with jpackage from the JDK in JAVA_HOME (else the one on the PATH). jpackage cannot build for another
# operating system, and the jar carries JavaFX's native libraries for the system that built it, so build both the
# jar and the installer on the target system.
#
#   jpackage/build.sh [--type TYPE] [--jar FILE] [--dest DIR] [--version VERSION] [--verbose]
#
#   --type     app-image (a portable folder, quickest), deb, rpm (Linux), dmg, pkg (macOS). May be repeated.
#              Default: Linux, deb where dpkg-deb is installed and rpm where rpmbuild is; macOS, dmg.
#   --jar      default target/redrive.jar (./mvnw package)
#   --dest     default target/installer
#   --version  the project's version, default the jar's Implementation-Version (the pom's). A qualifier such as
#              -SNAPSHOT is dropped, as jpackage takes one to three numbers; macOS also needs the first to be 1 or more.
#   --verbose  jpackage's own detailed output
#
# Options every platform shares are in jpackage/common.args, per-platform ones in jpackage/<os>/app.args (the
# application image), jpackage/<os>/package.args (every installer type) and jpackage/<os>/<type>.args.
set -euo pipefail

die() {
  echo "jpackage/build.sh: $*" >&2
  exit 1
}

absolute() {
  case "$1" in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s\n' "$PWD/$1" ;;
  esac
}

root="$(cd "$(dirname "$0")/.." && pwd)"
types=()
jar="$root/target/redrive.jar"
dest="$root/target/installer"
version=""
verbose=()
while [ $# -gt 0 ]; do
  case "$1" in
    --type) types+=("${2:?--type needs a value}"); shift 2 ;;
    --jar) jar="$(absolute "${2:?--jar needs a file}")"; shift 2 ;;
    --dest) dest="$(absolute "${2:?--dest needs a directory}")"; shift 2 ;;
    --version) version="${2:?--version needs a value}"; shift 2 ;;
    --verbose) verbose=(--verbose); shift ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=macos ;;
  *) die "this script builds Linux and macOS installers; on Windows run jpackage/build.ps1" ;;
esac

# jpackage and jlink from one JDK, whose runtime the installer carries
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jpackage" ]; then
  jdk="$JAVA_HOME"
elif [ "$os" = macos ] && /usr/libexec/java_home -v 17+ >/dev/null 2>&1; then
  jdk="$(/usr/libexec/java_home -v 17+)"
elif command -v jpackage >/dev/null 2>&1; then
  found="$(command -v jpackage)"
  jdk="$(cd "$(dirname "$(readlink -f "$found" 2>/dev/null || echo "$found")")/.." && pwd)"
else
  die "jpackage not found: it comes with every JDK 14 or newer (not with a JRE); set JAVA_HOME to a JDK 17"
fi
[ -x "$jdk/bin/jpackage" ] || die "no jpackage in $jdk; set JAVA_HOME to a JDK 17"
# jlink builds the runtime from the JDK's jmods, or from the JDK itself where it allows that (JDK 24 and later, JEP 493)
if [ ! -d "$jdk/jmods" ] && ! "$jdk/bin/jlink" --help 2>/dev/null | grep -q "Linking from run-time image enabled"; then
  die "$jdk has no jmods folder, which jlink needs to build the runtime (on Fedora and RHEL, install java-17-openjdk-jmods)"
fi
[ -f "$jar" ] || die "$jar not found: run ./mvnw package -DskipTests first"

if [ -z "$version" ]; then
  manifest="$(mktemp -d)"
  (cd "$manifest" && "$jdk/bin/jar" --extract --file "$jar" META-INF/MANIFEST.MF)
  version="$(sed -n 's/^Implementation-Version: *//p' "$manifest/META-INF/MANIFEST.MF" | tr -d '\r')"
  rm -rf "$manifest"
  [ -n "$version" ] || die "$jar has no Implementation-Version; pass --version"
fi
app_version="$(printf '%s\n' "$version" | sed -E 's/^([0-9]+(\.[0-9]+){0,2}).*$/\1/')"
printf '%s\n' "$app_version" | grep -Eq '^[0-9]+(\.[0-9]+){0,2}$' || die "version $version does not start with a number"
if [ "$os" = macos ] && [ "${app_version%%.*}" -eq 0 ]; then
  die "macOS refuses app version $app_version: its first number must be 1 or more (CFBundleVersion). Pass one, e.g. --version 1.0.0, for a test build"
fi

if [ ${#types[@]} -eq 0 ]; then
  if [ "$os" = macos ]; then
    types=(dmg)
  else
    command -v dpkg-deb >/dev/null 2>&1 && types+=(deb)
    command -v rpmbuild >/dev/null 2>&1 && types+=(rpm)
    [ ${#types[@]} -gt 0 ] || die "neither dpkg-deb nor rpmbuild is installed; install one (apt-get install fakeroot / dnf install rpm-build) or pass --type app-image"
  fi
fi
for type in "${types[@]}"; do
  case "$os/$type" in
    */app-image | linux/deb | linux/rpm | macos/dmg | macos/pkg) ;;
    *) die "--type $type cannot be built on $os" ;;
  esac
  if [ "$type" = deb ]; then
    command -v dpkg-deb >/dev/null 2>&1 || die "a deb needs dpkg-deb (Debian and Ubuntu have it)"
    command -v fakeroot >/dev/null 2>&1 || die "a deb needs fakeroot: apt-get install fakeroot"
  fi
  if [ "$type" = rpm ]; then
    command -v rpmbuild >/dev/null 2>&1 || die "an rpm needs rpmbuild: dnf install rpm-build (or apt-get install rpm)"
  fi
done

# The resource folder of a Linux package: our files (linux/resources: the menu entry, Redrive.desktop), and jpackage's
# install scripts of this JDK, rewritten so that registering and removing the menu entry cannot fail. xdg-desktop-menu
# refuses on systems without a desktop menu (servers, containers: no /etc/xdg/menus), and with jpackage's scripts as
# they are, a deb is then left half configured and cannot be removed, and an rpm cannot be erased.
linux_resources() {  # linux_resources TYPE DIR
  local type="$1" dir="$2" extracted templates script name
  cp jpackage/linux/resources/* "$dir/"
  extracted="$(mktemp -d)"
  "$jdk/bin/jimage" extract --dir "$extracted" --include 'regex:.*/jdk/jpackage/internal/resources/template\.(postinst|prerm|spec)' \
    "$jdk/lib/modules"
  templates="$extracted/jdk.jpackage/jdk/jpackage/internal/resources"
  for script in $([ "$type" = deb ] && echo postinst prerm || echo spec); do
    name="$([ "$script" = spec ] && echo redrive.spec || echo "$script")"   # what jpackage looks for in --resource-dir
    awk '
      $0 == "DESKTOP_COMMANDS_INSTALL" {
        print "if ! ( :"; print; print "); then"
        print "  echo \"APPLICATION_PACKAGE: installed without a menu entry, as this system has no desktop menu\" >&2"
        print "fi"; changed = 1; next
      }
      $0 == "DESKTOP_COMMANDS_UNINSTALL" { print "( :"; print; print ") || true"; changed = 1; next }
      { print }
      END { exit !changed }
    ' "$templates/template.$script" >"$dir/$name" ||
      die "jpackage's template.$script in $jdk has no DESKTOP_COMMANDS line to make safe (see jpackage/README.md)"
  done
  rm -rf "$extracted"
}

# jpackage packs everything in its input folder: give it the jar alone
input="$(mktemp -d)"
resources="$(mktemp -d)"
trap 'rm -rf "$input" "$resources"' EXIT
cp "$jar" "$input/redrive.jar"
mkdir -p "$dest"

cd "$root"
for type in "${types[@]}"; do
  if [ "$type" = app-image ]; then
    # jpackage will not write over an earlier image
    rm -rf "$dest/Redrive" "$dest/Redrive.app"
  fi
  args=(@jpackage/common.args "@jpackage/$os/app.args")
  if [ "$type" != app-image ]; then
    for file in "jpackage/$os/package.args" "jpackage/$os/$type.args"; do
      if [ -f "$file" ]; then
        args+=("@$file")
      fi
    done
    if [ "$os" = linux ]; then
      rm -rf "${resources:?}"/*
      linux_resources "$type" "$resources"
      args+=(--resource-dir "$resources")
    fi
  fi
  echo "Building the $type of Redrive $app_version (from $version) with $("$jdk/bin/jpackage" --version) jpackage into $dest"
  started=$SECONDS
  "$jdk/bin/jpackage" "${args[@]}" --type "$type" --input "$input" --dest "$dest" --app-version "$app_version" \
    ${verbose[@]+"${verbose[@]}"}
  case "$os/$type" in
    linux/app-image) output="$dest/Redrive" ;;
    macos/app-image) output="$dest/Redrive.app" ;;
    *) output="$(ls -t "$dest"/*."$type" | head -1)" ;;
  esac
  echo "$output: $(du -sh "$output" | cut -f1), $((SECONDS - started)) s"
done
