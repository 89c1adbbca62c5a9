# Clients in parallel inside this pwsh: one runspace per reader, all released at once, timed together.

function New-BenchRunspaces {
    <#
    .SYNOPSIS
        Opens one runspace per reader, each with PcscTools imported.
    #>
    param([Parameter(Mandatory)] [string] $ModulePath, [Parameter(Mandatory)] [int] $Count)
    $state = [initialsessionstate]::CreateDefault2()
    $state.ImportPSModule($ModulePath)
    @(for ($i = 0; $i -lt $Count; $i++) { $r = [runspacefactory]::CreateRunspace($state); $r.Open(); $r })
}

function Invoke-BenchRunspaces {
    <#
    .SYNOPSIS
        Runs Script in the first Level runspaces, runspace i on reader i, and returns the wall time and this process's
        own CPU time (every thread, Environment.CpuUsage) from their common start to the last one's end.
    .DESCRIPTION
        Script takes -Reader, -Ready (a CountdownEvent to signal once connected) and -Gate (to wait on before the timed
        work), plus Parameters.
    #>
    param(
        [Parameter(Mandatory)] [object[]] $Runspaces,
        [Parameter(Mandatory)] [string[]] $Readers,
        [Parameter(Mandatory)] [int] $Level,
        [Parameter(Mandatory)] [scriptblock] $Script,
        [hashtable] $Parameters = @{}
    )
    $ready = [Threading.CountdownEvent]::new($Level)
    $gate = [Threading.ManualResetEventSlim]::new($false)
    $jobs = @(for ($i = 0; $i -lt $Level; $i++) {
            $shell = [powershell]::Create($Runspaces[$i])
            $null = $shell.AddScript($Script).AddParameters($Parameters + @{ Reader = $Readers[$i]; Ready = $ready; Gate = $gate })
            [pscustomobject]@{ Shell = $shell; Handle = $shell.BeginInvoke() }
        })
    try {
        if (-not $ready.Wait([TimeSpan]::FromSeconds(30))) { throw "Not every runspace connected to its reader: $(($jobs | ForEach-Object { $_.Shell.Streams.Error }) -join '; ')" }
        $cpu = [Environment]::CpuUsage.TotalTime
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $gate.Set()
        foreach ($job in $jobs) { $null = $job.Shell.EndInvoke($job.Handle) }
        $seconds = $watch.Elapsed.TotalSeconds
        $cpuSeconds = ([Environment]::CpuUsage.TotalTime - $cpu).TotalSeconds
        $errors = @($jobs | ForEach-Object { $_.Shell.Streams.Error })
        if ($errors) { throw "A runspace failed: $($errors[0])" }
        [pscustomobject]@{ Seconds = $seconds; CpuSeconds = $cpuSeconds }
    }
    finally {
        $gate.Set()
        $jobs | ForEach-Object { $_.Shell.Dispose() }
    }
}
