# Smoke-test the built installer on a Windows runner: install silently for the current user,
# run the installed program, uninstall, and check the records folder survived.
param([string]$Setup = (Get-ChildItem build\caseroom-*-setup.exe | Select-Object -First 1).FullName)
$ErrorActionPreference = "Stop"
$target = Join-Path $env:LOCALAPPDATA "Programs\caseroom-smoke"
Start-Process -Wait -FilePath $Setup -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES", "/DIR=`"$target`"", "/LANG=kk"
$exe = Join-Path $target "caseroom.exe"
if (-not (Test-Path $exe)) { throw "the installer did not install caseroom.exe" }
$env:QT_QPA_PLATFORM = "offscreen"
$db = Join-Path $env:LOCALAPPDATA "caseroom\smoke.sqlite3"
& $exe demo --db $db --families 5
if ($LASTEXITCODE -ne 0) { throw "the installed caseroom could not make demo data" }
& $exe check --db $db
if ($LASTEXITCODE -ne 0) { throw "the installed caseroom's check failed" }
$painted = & $exe --db $db --quit-after-paint
if ($painted -notcontains "first paint") { throw "the installed window did not paint" }
$uninstaller = Get-ChildItem $target -Filter "unins*.exe" | Select-Object -First 1
Start-Process -Wait -FilePath $uninstaller.FullName -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES"
if (Test-Path $exe) { throw "the uninstaller left the program behind" }
if (-not (Test-Path $db)) { throw "the uninstaller removed the user's records" }
"installer smoke test passed"
