# Builds Redrive's Windows installer from the shaded jar, with jpackage from the JDK in JAVA_HOME (else the one on
# the PATH). jpackage cannot build for another operating system, and the jar carries JavaFX's native libraries for
# the system that built it, so build both the jar and the installer on Windows.
#
#   powershell -NoProfile -ExecutionPolicy Bypass -File jpackage\build.ps1 [-Type msi|exe|app-image] [-Jar FILE]
#       [-Dest DIR] [-Version VERSION] [-JpackageVerbose]
#
#   -Type      msi (default), exe, or app-image (a portable folder, quickest; needs no WiX)
#   -Jar       default target\redrive.jar (.\mvnw.cmd package)
#   -Dest      default target\installer
#   -Version   the project's version, default the jar's Implementation-Version (the pom's). A qualifier such as
#              -SNAPSHOT is dropped, as jpackage takes one to three numbers.
#
# msi and exe need the WiX Toolset 3 (candle.exe and light.exe on the PATH; JDK 17's jpackage does not use WiX 4 or
# later). Options every platform shares are in jpackage\common.args, Windows ones in jpackage\windows\app.args (the
# application image) and jpackage\windows\package.args (the installers).
param(
    [ValidateSet("msi", "exe", "app-image")]
    [string]$Type = "msi",
    [string]$Jar = "target\redrive.jar",
    [string]$Dest = "target\installer",
    [string]$Version = "",
    [switch]$JpackageVerbose
)
$ErrorActionPreference = "Stop"

function Fail([string]$message) {
    [Console]::Error.WriteLine("jpackage\build.ps1: $message")
    exit 1
}

$root = Split-Path -Parent $PSScriptRoot
# relative paths are the caller's; resolve them before moving to the project root
$Jar = [System.IO.Path]::GetFullPath((Join-Path (Get-Location) $Jar))
$Dest = [System.IO.Path]::GetFullPath((Join-Path (Get-Location) $Dest))

if ($env:JAVA_HOME -and (Test-Path (Join-Path $env:JAVA_HOME "bin\jpackage.exe"))) {
    $jdk = $env:JAVA_HOME
} elseif (Get-Command jpackage.exe -ErrorAction SilentlyContinue) {
    $jdk = Split-Path -Parent (Split-Path -Parent (Get-Command jpackage.exe).Source)
} else {
    Fail "jpackage not found: it comes with every JDK 14 or newer (not with a JRE); set JAVA_HOME to a JDK 17"
}
$jpackage = Join-Path $jdk "bin\jpackage.exe"
# jlink builds the runtime from the JDK's jmods, or from the JDK itself where it allows that (JDK 24 and later, JEP 493)
if (-not (Test-Path (Join-Path $jdk "jmods")) -and
        -not ((& (Join-Path $jdk "bin\jlink.exe") --help 2>$null) -match "Linking from run-time image enabled")) {
    Fail "$jdk has no jmods folder, which jlink needs to build the runtime"
}
if (-not (Test-Path $Jar)) {
    Fail "$Jar not found: run .\mvnw.cmd package -DskipTests first"
}
if ($Type -ne "app-image") {
    foreach ($tool in "candle.exe", "light.exe") {
        if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) {
            Fail "an $Type needs the WiX Toolset 3 ($tool on the PATH): https://wixtoolset.org/docs/wix3/ , or pass -Type app-image"
        }
    }
}

if (-not $Version) {
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $zip = [System.IO.Compression.ZipFile]::OpenRead($Jar)
    try {
        $reader = New-Object System.IO.StreamReader($zip.GetEntry("META-INF/MANIFEST.MF").Open())
        $manifest = $reader.ReadToEnd()
        $reader.Close()
    } finally {
        $zip.Dispose()
    }
    if ($manifest -match "(?m)^Implementation-Version:\s*(\S+)") {
        $Version = $Matches[1]
    } else {
        Fail "$Jar has no Implementation-Version; pass -Version"
    }
}
if ($Version -match "^(\d+(\.\d+){0,2})") {
    $appVersion = $Matches[1]
} else {
    Fail "version $Version does not start with a number"
}

# jpackage packs everything in its input folder: give it the jar alone ($input is taken: PowerShell's pipeline input)
$staging = Join-Path ([System.IO.Path]::GetTempPath()) ("redrive-jpackage-" + [guid]::NewGuid())
New-Item -ItemType Directory -Path $staging | Out-Null
New-Item -ItemType Directory -Force -Path $Dest | Out-Null
Push-Location $root
try {
    Copy-Item $Jar (Join-Path $staging "redrive.jar")
    if ($Type -eq "app-image") {
        # jpackage will not write over an earlier image
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue (Join-Path $Dest "Redrive")
    }
    $arguments = @("@jpackage/common.args", "@jpackage/windows/app.args")
    if ($Type -ne "app-image") {
        $arguments += "@jpackage/windows/package.args"
    }
    $arguments += @("--type", $Type, "--input", $staging, "--dest", $Dest, "--app-version", $appVersion)
    if ($JpackageVerbose) {
        $arguments += "--verbose"
    }
    Write-Output "Building the $Type of Redrive $appVersion (from $Version) with $(& $jpackage --version) jpackage into $Dest"
    $started = Get-Date
    & $jpackage @arguments
    if ($LASTEXITCODE -ne 0) {
        Fail "jpackage failed (exit code $LASTEXITCODE)"
    }
    $seconds = [int]((Get-Date) - $started).TotalSeconds
    if ($Type -eq "app-image") {
        $output = Get-Item (Join-Path $Dest "Redrive")
        $bytes = (Get-ChildItem -Recurse -File $output.FullName | Measure-Object -Property Length -Sum).Sum
    } else {
        $output = Get-ChildItem (Join-Path $Dest "*.$Type") | Sort-Object LastWriteTime -Descending | Select-Object -First 1
        $bytes = $output.Length
    }
    Write-Output ("{0}: {1:N0} MB, {2} s" -f $output.FullName, ($bytes / 1MB), $seconds)
} finally {
    Pop-Location
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $staging
}
