namespace PcscTools.GlobalPlatform;

/// <summary>
/// Application privileges (GlobalPlatform Card Specification §11.1.2): three bytes, read as one number with the first
/// byte highest. The legacy GET STATUS format carries only the first byte.
/// </summary>
[Flags]
public enum GpPrivileges : uint
{
    None = 0,
    SecurityDomain = 0x800000,
    DapVerification = 0x400000,
    DelegatedManagement = 0x200000,
    CardLock = 0x100000,
    CardTerminate = 0x080000,
    CardReset = 0x040000,
    CvmManagement = 0x020000,
    MandatedDapVerification = 0x010000,
    TrustedPath = 0x008000,
    AuthorizedManagement = 0x004000,
    TokenManagement = 0x002000,
    GlobalDelete = 0x001000,
    GlobalLock = 0x000800,
    GlobalRegistry = 0x000400,
    FinalApplication = 0x000200,
    GlobalService = 0x000100,
    ReceiptGeneration = 0x000080,
    CipheredLoadFileDataBlock = 0x000040,
    ContactlessActivation = 0x000020,
    ContactlessSelfActivation = 0x000010,
}
