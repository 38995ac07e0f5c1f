# Smoke-test the built installer on a Windows runner: install silently for the current user,
# run the installed program, uninstall, and check the records folder survived.
# Every wait polls for the process (or the file it leaves) with a time limit, never a fixed
# sleep. Inno Setup's uninstaller runs a copy of itself from %TEMP% (`_unins.tmp`, in older
# versions `_iu*.tmp`) and its own process may end before that copy has removed everything,
# so the last wait is for that copy to be gone and the program's files with it.
param([string]$Setup = (Get-ChildItem build\caseroom-*-setup.exe | Select-Object -First 1).FullName)
$ErrorActionPreference = "Stop"

function Wait-Until([scriptblock]$Done, [int]$Seconds, [string]$What) {
    $deadline = (Get-Date).AddSeconds($Seconds)
    while (-not (& $Done)) {
        if ((Get-Date) -gt $deadline) { throw "timed out after $Seconds s waiting for $What" }
        Start-Sleep -Milliseconds 500
    }
}

function Start-AndWait([string]$File, [string[]]$Arguments, [int]$Seconds, [string]$What) {
    $process = Start-Process -FilePath $File -ArgumentList $Arguments -PassThru
    $null = $process.Handle  # keep the handle, or ExitCode stays empty once it has exited
    Wait-Until { $process.HasExited } $Seconds $What
    return $process.ExitCode
}

$target = Join-Path $env:LOCALAPPDATA "Programs\caseroom-smoke"
$log = Join-Path (Resolve-Path build) "install.log"
# The setup loader waits for the real setup program (its child) and passes on its exit code.
$code = Start-AndWait $Setup @("/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/DIR=`"$target`"", "/LANG=kk", "/LOG=`"$log`"") 600 "the installer"
if ($code -ne 0) { throw "the installer failed (exit $code); see $log" }
$exe = Join-Path $target "caseroom.exe"
if (-not (Test-Path $exe)) { throw "the installer did not install caseroom.exe" }
if (-not (Test-Path (Join-Path $target "caseroom-window.exe"))) { throw "the installer did not install caseroom-window.exe" }

$env:QT_QPA_PLATFORM = "offscreen"
$db = Join-Path $env:LOCALAPPDATA "caseroom\smoke.sqlite3"
& $exe demo --db $db --families 5
if ($LASTEXITCODE -ne 0) { throw "the installed caseroom could not make demo data" }
& $exe check --db $db
if ($LASTEXITCODE -ne 0) { throw "the installed caseroom's check failed" }
$painted = Join-Path $env:TEMP "caseroom-first-paint.txt"
$window = Start-Process -FilePath $exe -ArgumentList @("--db", "`"$db`"", "--quit-after-paint") -RedirectStandardOutput $painted -NoNewWindow -PassThru
$null = $window.Handle
Wait-Until { $window.HasExited } 120 "the installed window to paint and close"
if ($window.ExitCode -ne 0 -or -not (Select-String -Path $painted -Pattern "first paint" -Quiet)) {
    throw "the installed window did not paint (exit $($window.ExitCode))"
}

$uninstaller = Get-ChildItem $target -Filter "unins*.exe" | Select-Object -First 1
if (-not $uninstaller) { throw "the installer registered no uninstaller" }
$code = Start-AndWait $uninstaller.FullName @("/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART") 120 "the uninstaller to hand over"
if ($code -ne 0) { throw "the uninstaller failed (exit $code)" }
$copies = { Get-Process | Where-Object { $_.ProcessName -like "_unins*" -or $_.ProcessName -like "_iu*" } }
Wait-Until { -not (& $copies) -and -not (Test-Path $exe) -and -not (Test-Path $uninstaller.FullName) } 300 "the uninstaller to remove the program"
if (-not (Test-Path $db)) { throw "the uninstaller removed the user's records" }
"installer smoke test passed"
