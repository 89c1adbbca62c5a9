namespace PcscTools.Contexts;

/// <summary>SCARD_SCOPE_*: pcsc-lite ignores the scope, WinSCard honours it.</summary>
public enum ContextScope
{
    User = 0,
    Terminal = 1,
    System = 2,
}
