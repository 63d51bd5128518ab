namespace OrderGrains.Grains.Promises.Evaluation;

/// <summary>
/// The outcome of an evaluation. Coverage at c: the share delivered by the date (end of a local day) promised at
/// confidence c; calibration at c: the same against the exact hour at confidence c (how well the distribution itself
/// is calibrated, before rounding up to a day).
/// </summary>
public sealed record EvaluationReport(
    int Rows,
    int Skipped,
    int Trained,
    int Evaluated,
    IReadOnlyDictionary<double, double> Coverage,
    IReadOnlyDictionary<double, double> Calibration,
    double MeanSlackDays,
    double MedianSlackDays,
    double MeanAbsoluteErrorDays,
    LateDetection Late,
    EstimateComparison? Estimate);

/// <summary>
/// Late detection: halfway to the promised date (90%), each shipment not yet delivered is re-evaluated (P(by the date
/// | not delivered yet)); below 85% it is flagged at risk. Precision: flagged ones that were late; recall: late ones flagged.
/// </summary>
public sealed record LateDetection(int Checked, int Late, int Flagged, int FlaggedLate, double Precision, double Recall);

/// <summary>The file's own estimated dates against ours at the confidence giving the same on-time rate.</summary>
public sealed record EstimateComparison(int Rows, double OnTimeRate, double MeanSlackDays, double MatchedConfidence, double OurOnTimeRate, double OurMeanSlackDays);
