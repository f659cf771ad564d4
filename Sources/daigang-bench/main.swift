print("daigang-bench: under construction")
