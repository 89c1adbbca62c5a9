using PcscTools.Errors;
using PcscTools.Interop;

namespace PcscTools.GivingUp;

/// <summary>A PC/SC call with its arguments and results in <paramref name="state"/>, so that a static lambda allocates nothing per call.</summary>
internal delegate PcscError PcscCall<TState>(IPcscApi api, ref TState state) where TState : struct;
