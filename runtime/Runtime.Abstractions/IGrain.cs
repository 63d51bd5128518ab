namespace OrderGrains.Runtime;

/// <summary>Marker for grain interfaces and grain references.</summary>
public interface IGrain;

/// <summary>A grain interface whose grains are identified by a string key.</summary>
public interface IGrainWithStringKey : IGrain;
