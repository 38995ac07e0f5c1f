; Kazakh messages for caseroom's installer. Inno Setup ships no official Kazakh file, so the
; installer loads the English defaults first and this file over them: every message a user
; sees on the usual path (welcome, folder, shortcuts, progress, finish, uninstall) is here,
; and those of an update while caseroom is open, a full disk and a new folder.
; Saved as UTF-8 with a byte-order mark (Inno Setup 6.3+ reads UTF-8 with or without one).
; No line may start with "#": Inno Setup 7 refuses directives in message files.

[LangOptions]
LanguageName=Қазақ тілі
LanguageID=$043F
LanguageCodePage=0

[Messages]
SetupAppTitle=Орнату
SetupWindowTitle=Орнату — %1
UninstallAppTitle=Жою
UninstallAppFullTitle=%1 бағдарламасын жою
InformationTitle=Ақпарат
ConfirmTitle=Растау
ErrorTitle=Қате
SetupLdrStartupMessage=%1 орнатылады. Жалғастырасыз ба?
LdrCannotCreateTemp=Уақытша файл жасалмады. Орнату тоқтатылды
LdrCannotExecTemp=Уақытша қалтадағы файл іске қосылмады. Орнату тоқтатылды
LastErrorMessage=%1.%n%nҚате %2: %3
SetupFileMissing=Орнату қалтасында %1 файлы жоқ. Бағдарламаның жаңа көшірмесін алыңыз.
SetupFileCorrupt=Орнату файлдары бүлінген. Бағдарламаның жаңа көшірмесін алыңыз.
SetupAlreadyRunning=Орнату бағдарламасы қазір жұмыс істеп тұр.
WindowsVersionNotSupported=Бұл бағдарлама компьютеріңіздегі Windows нұсқасында жұмыс істемейді.
ExitSetupTitle=Орнатудан шығу
ExitSetupMessage=Орнату аяқталған жоқ. Қазір шықсаңыз, бағдарлама орнатылмайды.%n%nОрнатуды кейін қайта іске қосып, аяқтауға болады.%n%nОрнатудан шығасыз ба?
ButtonBack=< &Артқа
ButtonNext=&Келесі >
ButtonInstall=&Орнату
ButtonOK=Жарайды
ButtonCancel=Бас тарту
ButtonYes=&Иә
ButtonYesToAll=Бәріне и&ә
ButtonNo=&Жоқ
ButtonNoToAll=Бәріне ж&оқ
ButtonFinish=&Дайын
ButtonBrowse=&Шолу...
ButtonWizardBrowse=Ш&олу...
ButtonNewFolder=&Жаңа қалта
SelectLanguageTitle=Орнату тілін таңдаңыз
SelectLanguageLabel=Орнату кезінде қолданылатын тілді таңдаңыз.
ClickNext=Жалғастыру үшін «Келесі», шығу үшін «Бас тарту» батырмасын басыңыз.
BrowseDialogTitle=Қалтаны шолу
BrowseDialogLabel=Тізімнен қалтаны таңдап, «Жарайды» батырмасын басыңыз.
NewFolderName=Жаңа қалта
WelcomeLabel1=[name] орнату шеберіне қош келдіңіз
WelcomeLabel2=Компьютеріңізге [name/ver] орнатылады.%n%nЖалғастырмас бұрын басқа бағдарламаларды жабуды ұсынамыз.
WizardSelectDir=Орнату қалтасын таңдаңыз
SelectDirDesc=[name] қай жерге орнатылсын?
SelectDirLabel3=[name] мына қалтаға орнатылады.
SelectDirBrowseLabel=Жалғастыру үшін «Келесі» батырмасын басыңыз. Басқа қалтаны таңдау үшін «Шолу» батырмасын басыңыз.
DiskSpaceMBLabel=Кемінде [mb] МБ бос орын керек.
DirExistsTitle=Қалта бар
DirExists=Мына қалта бұрыннан бар:%n%n%1%n%nСоған орнатасыз ба?
WizardSelectTasks=Қосымша тапсырмаларды таңдаңыз
SelectTasksDesc=Тағы не істелсін?
SelectTasksLabel2=[name] орнатылғанда орындалатын қосымша тапсырмаларды таңдап, «Келесі» батырмасын басыңыз.
WizardReady=Орнатуға дайын
ReadyLabel1=[name] компьютеріңізге орнатуға дайын.
ReadyLabel2a=Орнатуды бастау үшін «Орнату», параметрлерді қарап шығу үшін «Артқа» батырмасын басыңыз.
ReadyLabel2b=Орнатуды бастау үшін «Орнату» батырмасын басыңыз.
ReadyMemoDir=Орнату қалтасы:
ReadyMemoTasks=Қосымша тапсырмалар:
WizardPreparing=Орнатуға дайындық
PreparingDesc=[name] компьютеріңізге орнатуға дайындалуда.
WizardInstalling=Орнатылуда
InstallingLabel=[name] орнатылып жатыр, күте тұрыңыз.
FinishedHeadingLabel=[name] орнату шеберінің жұмысы аяқталды
FinishedLabelNoIcons=[name] компьютеріңізге орнатылды.
FinishedLabel=[name] компьютеріңізге орнатылды. Бағдарламаны белгіше арқылы ашуға болады.
ClickFinish=Шығу үшін «Дайын» батырмасын басыңыз.
RunEntryExec=%1 бағдарламасын ашу
StatusExtractFiles=Файлдар шығарылуда...
StatusCreateIcons=Белгішелер жасалуда...
StatusCreateRegistryEntries=Тізілім жазбалары жасалуда...
StatusSavingUninstall=Жою туралы мәлімет сақталуда...
StatusRollback=Өзгерістер кері қайтарылуда...
ErrorCreatingDir=%1 қалтасы жасалмады
ErrorTooManyFilesInDir=%1 қалтасында файл жасалмады: онда файлдар тым көп
ConfirmUninstall=%1 бағдарламасын және оның барлық бөліктерін жоясыз ба? Жазбаларыңыз сақталады.
UninstallStatusLabel=%1 компьютеріңізден жойылып жатыр, күте тұрыңыз.
UninstalledAll=%1 компьютеріңізден жойылды.
UninstalledMost=%1 жойылды.%n%nКейбір бөліктерін жою мүмкін болмады, оларды қолмен жоюға болады.
UninstallNotFound=%1 файлы жоқ. Жою мүмкін емес.
UninstallOpenError=%1 файлы ашылмады. Жою мүмкін емес
WizardUninstalling=Жою барысы
StatusUninstalling=%1 жойылуда...
SetupAppRunningError=%1 қазір ашық тұр.%n%nОның барлық терезесін жауып, «Жарайды» батырмасын басыңыз, не шығу үшін «Бас тарту» батырмасын басыңыз.
UninstallAppRunningError=%1 қазір ашық тұр.%n%nОның барлық терезесін жауып, «Жарайды» батырмасын басыңыз, не шығу үшін «Бас тарту» батырмасын басыңыз.
ApplicationsFound=Мына бағдарламалар орнату жаңартатын файлдарды пайдаланып тұр. Оларды орнату бағдарламасының өзі жапқаны дұрыс.
ApplicationsFound2=Мына бағдарламалар орнату жаңартатын файлдарды пайдаланып тұр. Оларды орнату бағдарламасының өзі жапқаны дұрыс. Орнату аяқталған соң олар қайта ашылады.
CloseApplications=Бағдарламаларды &өзі жапсын
DontCloseApplications=Бағдарламаларды &жаппасын
ErrorCloseApplications=Кейбір бағдарламалар жабылмады. Жалғастырмас бұрын орнату жаңартатын файлдарды пайдаланып тұрған бағдарламаларды жабыңыз.
CannotContinue=Орнатуды жалғастыру мүмкін емес. Шығу үшін «Бас тарту» батырмасын басыңыз.
PreviousInstallNotCompleted=Алдыңғы бағдарламаны орнату не жою аяқталмаған. Оны аяқтау үшін компьютерді қайта іске қосыңыз.%n%nКомпьютер қайта қосылған соң [name] орнатуды аяқтау үшін орнатуды қайта іске қосыңыз.
DiskSpaceWarningTitle=Дискіде орын жеткіліксіз
DiskSpaceWarning=Орнатуға кемінде %1 КБ бос орын керек, ал таңдалған дискіде тек %2 КБ бар.%n%nСонда да жалғастырасыз ба?
DirDoesntExistTitle=Қалта жоқ
DirDoesntExist=Мына қалта жоқ:%n%n%1%n%nОны жасау керек пе?
DirNameTooLong=Қалтаның аты не жолы тым ұзын.
InvalidDirName=Қалтаның аты жарамсыз.
BadDirName32=Қалтаның атында мына таңбалар болмауы керек:%n%n%1
InvalidPath=Дискінің әрпімен толық жолды жазыңыз, мысалы:%n%nC:\App%n%nнемесе желідегі жолды мына түрде:%n%n\\server\share
SetupAborted=Орнату аяқталмады.%n%nМәселені түзеп, орнатуды қайта іске қосыңыз.
StatusClosingApplications=Бағдарламалар жабылуда...
StatusCreateDirs=Қалталар жасалуда...
StatusRunProgram=Орнату аяқталуда...
StatusRestartingApplications=Бағдарламалар қайта ашылуда...
ShutdownBlockReasonInstallingApp=%1 орнатылуда.
ShutdownBlockReasonUninstallingApp=%1 жойылуда.
PrivilegesRequiredOverrideTitle=Орнату түрін таңдаңыз
PrivilegesRequiredOverrideCurrentUser=Тек &өзім үшін орнату

[CustomMessages]
LaunchProgram=%1 бағдарламасын ашу
NameAndVersion=%1, %2 нұсқасы
UninstallProgram=%1 бағдарламасын жою
CreateDesktopIcon=Жұмыс үстелінде &белгіше жасау
AdditionalIcons=Қосымша белгішелер:
