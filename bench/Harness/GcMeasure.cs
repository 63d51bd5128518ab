namespace OrderGrains.Bench.Harness;

/// <summary>Full, compacting collections before reading the heap size.</summary>
public static class GcMeasure
{
    public static long SettledHeapBytes()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
