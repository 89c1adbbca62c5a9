namespace PcscTools.Access;

/// <summary>One Unix socket as the kernel lists it: its inode, the inode of the file it is bound to (0 if none), its peer's inode (0 if none) and whether it listens.</summary>
public readonly record struct UnixSocketEntry(uint Inode, uint FileInode, uint FileDevice, uint PeerInode, bool Listening);
