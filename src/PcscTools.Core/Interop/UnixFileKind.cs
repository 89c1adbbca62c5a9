using System.Runtime.InteropServices;

namespace PcscTools.Interop;

/// <summary>What kind of file a path names, as stat(2) tells it; .NET has no public way to tell a socket from a regular file.</summary>
public enum UnixFileKind
{
    Missing,
    /// <summary>A folder on the way cannot be searched by this user.</summary>
    AccessDenied,
    Socket,
    Regular,
    Directory,
    Other,
}
