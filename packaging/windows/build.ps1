# Build caseroom's Windows installer: the PyInstaller folder, then Inno Setup over it.
# Run from a checkout in PowerShell:  powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
# Needs Python 3.11+ and Inno Setup 6.3 or later (6.3 is the first to know x64compatible;
# Inno Setup 7 also works). Python is the py launcher's newest 3.x (`py -3`), or -Python PATH
# (the CI workflow passes the interpreter actions/setup-python installed).
param([string]$Python = "")
$ErrorActionPreference = "Stop"
$root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $root

if ($Python) {
    & $Python packaging\build.py
} elseif (Get-Command py -ErrorAction SilentlyContinue) {
    & py -3 packaging\build.py
} else {
    & python packaging\build.py
}
if ($LASTEXITCODE -ne 0) { throw "the bundle did not build (exit $LASTEXITCODE)" }
# The packaging environment has pypdf, which the smoke test reads PDFs with on Windows.
& build\packaging-env\Scripts\python.exe packaging\smoke.py
if ($LASTEXITCODE -ne 0) { throw "the bundle's smoke test failed (exit $LASTEXITCODE)" }

$version = & build\dist\caseroom\caseroom.exe --version
$version = ($version -split " ")[1]

# ISCC.exe: on PATH, else in Inno Setup 7's or 6's folder (per machine or per user).
$iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) {
    $places = foreach ($edition in "Inno Setup 7", "Inno Setup 6") {
        foreach ($base in $env:ProgramFiles, ${env:ProgramFiles(x86)}, (Join-Path $env:LOCALAPPDATA "Programs")) {
            if ($base) { Join-Path $base "$edition\ISCC.exe" }
        }
    }
    $iscc = $places | Where-Object { Test-Path $_ } | Select-Object -First 1
}
if (-not $iscc) { throw "Inno Setup 6.3 or later is not installed (ISCC.exe not found)" }
$info = (Get-Item $iscc).VersionInfo
$innoVersion = [version]::new($info.FileMajorPart, $info.FileMinorPart, $info.FileBuildPart)
if ($innoVersion -lt [version]"6.3") {
    throw "Inno Setup $innoVersion is too old: caseroom.iss needs 6.3 or later (x64compatible)"
}
"Inno Setup $innoVersion at $iscc"
& $iscc "/DAppVersion=$version" "/DSourceDir=$root\build\dist\caseroom" packaging\windows\caseroom.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed (exit $LASTEXITCODE)" }

$setup = Join-Path $root "build\caseroom-$version-setup.exe"
"{0}: {1:N1} MB" -f $setup, ((Get-Item $setup).Length / 1MB)
