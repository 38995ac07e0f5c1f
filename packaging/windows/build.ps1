# Build caseroom's Windows installer: the PyInstaller folder, then Inno Setup over it.
# Run from a checkout in PowerShell:  powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
# Needs Python 3.11+ (py launcher) and Inno Setup 6 (iscc.exe on PATH, or its default folder).
$ErrorActionPreference = "Stop"
$root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $root

py -3 packaging\build.py
if ($LASTEXITCODE -ne 0) { throw "the bundle did not build (exit $LASTEXITCODE)" }
# The packaging environment has pypdf, which the smoke test reads PDFs with on Windows.
build\packaging-env\Scripts\python.exe packaging\smoke.py
if ($LASTEXITCODE -ne 0) { throw "the bundle's smoke test failed (exit $LASTEXITCODE)" }

$version = & build\dist\caseroom\caseroom.exe --version
$version = ($version -split " ")[1]
$iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
if (-not (Test-Path $iscc)) { throw "Inno Setup 6 is not installed (iscc.exe not found)" }
& $iscc "/DAppVersion=$version" "/DSourceDir=$root\build\dist\caseroom" packaging\windows\caseroom.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed (exit $LASTEXITCODE)" }

$setup = Join-Path $root "build\caseroom-$version-setup.exe"
"{0}: {1:N1} MB" -f $setup, ((Get-Item $setup).Length / 1MB)
