; Inno Setup script for caseroom: a per-user install (no administrator rights), Start-menu
; and optional desktop shortcuts, an uninstaller that keeps the user's records, and the
; wizard in Kazakh, Russian or English. Built by build.ps1 from the PyInstaller folder:
;   iscc /DAppVersion=0.1.0 /DSourceDir=..\..\build\dist\caseroom caseroom.iss
; Needs Inno Setup 6.3 or later (x64compatible; build.ps1 checks). Saved as UTF-8 with a BOM,
; so the Kazakh and Russian messages below read the same in every version.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\build\dist\caseroom"
#endif

[Setup]
AppId={{6C7B0E2A-3F51-4D8E-9A57-2C1F0B9D4E63}
AppName=caseroom
AppVersion={#AppVersion}
AppPublisher=caseroom
DefaultDirName={userpf}\caseroom
DefaultGroupName=caseroom
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
OutputDir=..\..\build
OutputBaseFilename=caseroom-{#AppVersion}-setup
SetupIconFile=..\icons\caseroom.ico
UninstallDisplayIcon={app}\caseroom-window.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ShowLanguageDialog=yes
UsePreviousLanguage=no
LanguageDetectionMethod=uilanguage

[Languages]
Name: "kk"; MessagesFile: "compiler:Default.isl,Kazakh.isl"
Name: "ru"; MessagesFile: "compiler:Languages\Russian.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
kk.DesktopIcon=Жұмыс үстелінде белгіше жасау
ru.DesktopIcon=Создать значок на рабочем столе
en.DesktopIcon=Create a desktop shortcut
kk.ExtraIcons=Қосымша белгішелер:
ru.ExtraIcons=Дополнительные значки:
en.ExtraIcons=Additional shortcuts:
kk.KeptRecords=Жазбаларыңыз өшірілмеді, олар мына қалтада сақтаулы: %1
ru.KeptRecords=Ваши записи не удалены, они остаются в папке: %1
en.KeptRecords=Your records were not removed; they stay in the folder: %1

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; GroupDescription: "{cm:ExtraIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\caseroom"; Filename: "{app}\caseroom-window.exe"
Name: "{autodesktop}\caseroom"; Filename: "{app}\caseroom-window.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\caseroom-window.exe"; Description: "{cm:LaunchProgram,caseroom}"; Flags: nowait postinstall skipifsilent

; The records live in the user's data folder (%LOCALAPPDATA%\caseroom), which the uninstaller
; never touches: only the program folder is removed.
[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Data: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    Data := ExpandConstant('{localappdata}\caseroom');
    if DirExists(Data) and not UninstallSilent then
      MsgBox(FmtMessage(CustomMessage('KeptRecords'), [Data]), mbInformation, MB_OK);
  end;
end;
